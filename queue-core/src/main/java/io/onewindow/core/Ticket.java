package io.onewindow.core;

import java.util.Objects;

/**
 * A ticket (号票): the facts of its issue and its place in the line. Immutable value: equal when every
 * component is equal.
 *
 * <p>What changes while it is called and served (window, recalls, call and start times) lives with the window
 * that holds it; a ticket is replaced only when its place in the line changes (transfer, reinstate, pin) and once
 * when first called. It never holds an ID number: {@code personKey} is a salted hash of it.
 *
 * <p>A class with a record's contract rather than a record, for its size: every issue and every first call
 * allocates one, so it keeps in its own fields only what every ticket has (48 bytes with compressed references):
 * the category index, priority, channel and pin folded into one int, the first call as milliseconds after the
 * issue. What most tickets of a kiosk do not have (a person key, an appointment, a phone link, a queue time or
 * order other than its issue's, a category other than the one that numbered it, a first call more than 24 days
 * after the issue) is held apart ({@link Extra}), and only when present.
 *
 * @see #Ticket(long, int, Category, String, int, Priority, Channel, long, long, long, long, boolean, String,
 *      String, String) the components
 */
public final class Ticket {

    private static final Priority[] PRIORITIES = Priority.values();
    private static final Channel[] CHANNELS = Channel.values();
    private static final int INDEX_BITS = 16;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    private static final int PRIORITY_SHIFT = 16;
    private static final int CHANNEL_SHIFT = 20;
    private static final int PINNED = 1 << 24;
    /** {@link #calledAfterMillis}: not called yet. */
    private static final int NOT_CALLED = -1;
    /** {@link #calledAfterMillis}: called, the time is in {@link Extra#firstCalledAtMillis}. */
    private static final int CALLED_LATE = -2;

    private final long id;
    private final long issuedAtMillis;
    private final int serial;
    /** Category index (low 16 bits), priority ordinal (bits 16-19), channel ordinal (bits 20-23), pinned (24). */
    private final int flags;
    /** The first call as millis after the issue, or {@link #NOT_CALLED}, or {@link #CALLED_LATE}. */
    private final int calledAfterMillis;
    private final Category origin;
    /** Null when every rarer component has its default (see {@link Extra}). */
    private final Extra extra;

    /**
     * The rarer components of a ticket: its queue time and order when not those of its issue, its category when not
     * its origin's, its first call when {@link #CALLED_LATE}, and the keys. Immutable.
     */
    private record Extra(long queueTimeMillis, long order, String category, long firstCalledAtMillis,
                         String personKey, String appointmentId, String trackToken) {
    }

    /**
     * @param id                  unique in the hall, never reused
     * @param serial              the daily serial of its number (5 for A005)
     * @param origin              the category that numbered it: its number keeps the prefix after a transfer
     * @param category            the code of the category it waits in now
     * @param categoryIndex       the index of that category in the hall definition
     * @param priority            its priority
     * @param channel             where it was issued
     * @param issuedAtMillis      when it was issued; wait = first call - issue
     * @param queueTimeMillis     the time that orders it in the line (issue time, kept by a transfer)
     * @param order               tie-break after the queue time: lower first
     * @param firstCalledAtMillis its first call, 0 until called; a recall or a reinstatement keeps it
     * @param pinned              pinned to the top by a manager
     * @param personKey           salted hash of the citizen's ID number, or null
     * @param appointmentId       the appointment checked in with, or null
     * @param trackToken          the phone link, kept only as the SHA-256 digest of its token (64 hex digits; the
     *                            link itself is given once, to the citizen), or null
     */
    public Ticket(long id, int serial, Category origin, String category, int categoryIndex, Priority priority,
                  Channel channel, long issuedAtMillis, long queueTimeMillis, long order, long firstCalledAtMillis,
                  boolean pinned, String personKey, String appointmentId, String trackToken) {
        if (categoryIndex < 0 || categoryIndex > INDEX_MASK) {
            throw new IllegalArgumentException("categoryIndex must be in [0, " + INDEX_MASK + "], was "
                    + categoryIndex);
        }
        this.id = id;
        this.serial = serial;
        this.origin = origin;
        this.flags = categoryIndex | priority.ordinal() << PRIORITY_SHIFT | channel.ordinal() << CHANNEL_SHIFT
                | (pinned ? PINNED : 0);
        this.issuedAtMillis = issuedAtMillis;
        this.calledAfterMillis = calledAfter(issuedAtMillis, firstCalledAtMillis);
        boolean plain = queueTimeMillis == issuedAtMillis && order == id << 16 && origin != null
                && origin.code().equals(category) && calledAfterMillis != CALLED_LATE && personKey == null
                && appointmentId == null && trackToken == null;
        this.extra = plain ? null : new Extra(queueTimeMillis, order, category, firstCalledAtMillis, personKey,
                appointmentId, trackToken);
    }

    private Ticket(Ticket t, int flags, int calledAfterMillis, Extra extra) {
        this.id = t.id;
        this.serial = t.serial;
        this.origin = t.origin;
        this.issuedAtMillis = t.issuedAtMillis;
        this.flags = flags;
        this.calledAfterMillis = calledAfterMillis;
        this.extra = extra;
    }

    private static int calledAfter(long issuedAtMillis, long firstCalledAtMillis) {
        if (firstCalledAtMillis == 0) {
            return NOT_CALLED;
        }
        long after = firstCalledAtMillis - issuedAtMillis;
        return after >= 0 && after < Integer.MAX_VALUE ? (int) after : CALLED_LATE;
    }

    public long id() {
        return id;
    }

    public int serial() {
        return serial;
    }

    public Category origin() {
        return origin;
    }

    public String category() {
        return extra == null ? origin.code() : extra.category();
    }

    public int categoryIndex() {
        return flags & INDEX_MASK;
    }

    public Priority priority() {
        return PRIORITIES[(flags >>> PRIORITY_SHIFT) & 0xF];
    }

    public Channel channel() {
        return CHANNELS[(flags >>> CHANNEL_SHIFT) & 0xF];
    }

    public long issuedAtMillis() {
        return issuedAtMillis;
    }

    public long queueTimeMillis() {
        return extra == null ? issuedAtMillis : extra.queueTimeMillis();
    }

    public long order() {
        return extra == null ? id << 16 : extra.order();
    }

    public long firstCalledAtMillis() {
        if (calledAfterMillis == NOT_CALLED) {
            return 0;
        }
        return calledAfterMillis == CALLED_LATE ? extra.firstCalledAtMillis() : issuedAtMillis + calledAfterMillis;
    }

    public boolean pinned() {
        return (flags & PINNED) != 0;
    }

    public String personKey() {
        return extra == null ? null : extra.personKey();
    }

    public String appointmentId() {
        return extra == null ? null : extra.appointmentId();
    }

    public String trackToken() {
        return extra == null ? null : extra.trackToken();
    }

    /** The display number: A001. */
    public String number() {
        return origin.number(serial);
    }

    /** The line class that orders it: 0 pinned, then 1 + the priority's ordinal. */
    public int lineClass() {
        return pinned() ? 0 : 1 + ((flags >>> PRIORITY_SHIFT) & 0xF);
    }

    Ticket withFirstCall(long atMillis) {
        if (calledAfterMillis != NOT_CALLED) {
            return this;
        }
        int after = calledAfter(issuedAtMillis, atMillis);
        if (after == CALLED_LATE || (after == NOT_CALLED)) {
            return new Ticket(id, serial, origin, category(), categoryIndex(), priority(), channel(), issuedAtMillis,
                    queueTimeMillis(), order(), atMillis, pinned(), personKey(), appointmentId(), trackToken());
        }
        return new Ticket(this, flags, after, extra);
    }

    Ticket inCategory(String code, int index) {
        return new Ticket(id, serial, origin, code, index, priority(), channel(), issuedAtMillis, queueTimeMillis(),
                order(), firstCalledAtMillis(), pinned(), personKey(), appointmentId(), trackToken());
    }

    Ticket queuedAt(long queueTime, long newOrder) {
        return new Ticket(id, serial, origin, category(), categoryIndex(), priority(), channel(), issuedAtMillis,
                queueTime, newOrder, firstCalledAtMillis(), pinned(), personKey(), appointmentId(), trackToken());
    }

    Ticket withTrackToken(String digest) {
        return new Ticket(id, serial, origin, category(), categoryIndex(), priority(), channel(), issuedAtMillis,
                queueTimeMillis(), order(), firstCalledAtMillis(), pinned(), personKey(), appointmentId(), digest);
    }

    Ticket pinnedToTop() {
        return new Ticket(this, flags | PINNED, calledAfterMillis, extra);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ticket t && id == t.id && serial == t.serial && flags == t.flags
                && issuedAtMillis == t.issuedAtMillis && firstCalledAtMillis() == t.firstCalledAtMillis()
                && queueTimeMillis() == t.queueTimeMillis() && order() == t.order()
                && Objects.equals(origin, t.origin) && Objects.equals(category(), t.category())
                && Objects.equals(personKey(), t.personKey()) && Objects.equals(appointmentId(), t.appointmentId())
                && Objects.equals(trackToken(), t.trackToken());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, serial, flags, issuedAtMillis, firstCalledAtMillis(), origin, category());
    }

    @Override
    public String toString() {
        return "Ticket[id=" + id + ", serial=" + serial + ", origin=" + origin + ", category=" + category()
                + ", categoryIndex=" + categoryIndex() + ", priority=" + priority() + ", channel=" + channel()
                + ", issuedAtMillis=" + issuedAtMillis + ", queueTimeMillis=" + queueTimeMillis() + ", order="
                + order() + ", firstCalledAtMillis=" + firstCalledAtMillis() + ", pinned=" + pinned()
                + ", personKey=" + personKey() + ", appointmentId=" + appointmentId() + ", trackToken="
                + trackToken() + "]";
    }
}
