package io.onewindow.core;

/**
 * A ticket (号票): the facts of its issue and its place in the line. Immutable.
 *
 * <p>What changes while it is called and served (window, recalls, call and start times) lives with the window
 * that holds it; a ticket record is replaced only when its place in the line changes (transfer, reinstate, pin).
 * It never holds an ID number: {@code personKey} is a salted hash of it.
 *
 * @param id                  unique in the hall, never reused
 * @param serial              the daily serial of its number (5 for A005)
 * @param origin              the category that numbered it: its number keeps the prefix after a transfer
 * @param category            the code of the category it waits in now
 * @param categoryIndex       the index of that category in the hall definition
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
public record Ticket(long id, int serial, Category origin, String category, int categoryIndex, Priority priority,
                     Channel channel, long issuedAtMillis, long queueTimeMillis, long order, long firstCalledAtMillis,
                     boolean pinned, String personKey, String appointmentId, String trackToken) {

    /** The display number: A001. */
    public String number() {
        return origin.number(serial);
    }

    /** The line class that orders it: 0 pinned, then 1 + the priority's ordinal. */
    public int lineClass() {
        return pinned ? 0 : 1 + priority.ordinal();
    }

    Ticket withFirstCall(long atMillis) {
        return firstCalledAtMillis != 0 ? this : new Ticket(id, serial, origin, category, categoryIndex, priority,
                channel, issuedAtMillis, queueTimeMillis, order, atMillis, pinned, personKey, appointmentId,
                trackToken);
    }

    Ticket inCategory(String code, int index) {
        return new Ticket(id, serial, origin, code, index, priority, channel, issuedAtMillis, queueTimeMillis, order,
                firstCalledAtMillis, pinned, personKey, appointmentId, trackToken);
    }

    Ticket queuedAt(long queueTime, long newOrder) {
        return new Ticket(id, serial, origin, category, categoryIndex, priority, channel, issuedAtMillis, queueTime,
                newOrder, firstCalledAtMillis, pinned, personKey, appointmentId, trackToken);
    }

    Ticket withTrackToken(String digest) {
        return new Ticket(id, serial, origin, category, categoryIndex, priority, channel, issuedAtMillis,
                queueTimeMillis, order, firstCalledAtMillis, pinned, personKey, appointmentId, digest);
    }

    Ticket pinnedToTop() {
        return new Ticket(id, serial, origin, category, categoryIndex, priority, channel, issuedAtMillis,
                queueTimeMillis, order, firstCalledAtMillis, true, personKey, appointmentId, trackToken);
    }
}
