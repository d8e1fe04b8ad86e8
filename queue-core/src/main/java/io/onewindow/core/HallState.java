package io.onewindow.core;

import java.util.Arrays;

/**
 * The whole state of one hall at one sequence number. Immutable: a command {@code decide}s its event against a
 * state (or refuses, changing nothing) and {@link #apply(Event)} computes the successor, which carries
 * {@code seq + 1}. Recovery applies journaled events with the same {@code apply}, so a replayed hall is the hall
 * that was, by construction.
 *
 * <p>Structure sharing keeps a successor cheap: the lines (one tree) and the id index are persistent treaps
 * ({@link TicketTree}), the counters a small array copied when they change, the windows an array with one slot
 * overridden ({@link #hot}), and what changes once a day or less sits apart in a {@link HallDay}. The successor
 * itself holds references only (its sequence number and time are those of its {@link #last} event): a command
 * that changes one window allocates its event, one slot and this state, and nothing else.
 *
 * <p>The allocation budget: a whole ticket cycle (issue, call, start, complete) allocates 600 bytes, of which four
 * states of 40 bytes (seven references with compressed references); an eighth field would make each 48 bytes, 32
 * more per cycle. {@code CycleAllocationTest} fails the build above 640.
 *
 * <p>Live tickets only: waiting ones (in {@link #queue}, by category and class, and in {@link #waiting}, by
 * id), called or served ones (held by their window), and today's no-shows (for reinstatement). Finished tickets
 * leave the state; the dispatcher keeps a bounded recent history of them.
 */
final class HallState {

    /** The last event applied, whose sequence number and time are the state's; null for a new hall. */
    final Event last;
    /** The hall's fixed layout and the things that change once a day or less: see {@link HallDay}. */
    final HallDay day;
    /**
     * {@code counters[0]} is the id of the next ticket; {@code counters[1 + c]} the last serial issued today in
     * category {@code c}. One array because every issue changes both.
     */
    final long[] counters;
    /** The windows' slots, except the one {@link #hot} overrides: read them through {@link #slot(int)}. */
    final WindowSlot[] windows;
    /**
     * The slot of the window that changed last, standing in for {@code windows[hot.window()]}; null when
     * {@link #windows} is current. A window's successive changes (call, start, complete) then replace one slot
     * and copy no array; a change of another window folds this one into a copy of the array first.
     */
    final WindowSlot hot;
    /**
     * Waiting tickets in queue order ({@link TicketTree#BY_QUEUE}): every line of the hall, line
     * {@code category * 4 + lineClass} a contiguous range.
     */
    final TicketTree queue;
    /** Waiting tickets by id. */
    final TicketTree waiting;

    private HallState(Event last, HallDay day, long[] counters, WindowSlot[] windows, WindowSlot hot,
                      TicketTree queue, TicketTree waiting) {
        this.last = last;
        this.day = day;
        this.counters = counters;
        this.windows = windows;
        this.hot = hot;
        this.queue = queue;
        this.waiting = waiting;
    }

    /**
     * The layout and the day of a hall, which change far less often than the line and the windows: the local day
     * whose numbers the serials count, [startMillis, endMillis), today's no-shows by id, and the appointments by
     * date (carried over untouched by every command that is not about them). Immutable.
     */
    static final class HallDay {
        final HallLayout layout;
        final long startMillis;
        final long endMillis;
        final TicketTree noShows;
        final Bookings bookings;

        HallDay(HallLayout layout, long startMillis, long endMillis, TicketTree noShows, Bookings bookings) {
            this.layout = layout;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
            this.noShows = noShows;
            this.bookings = bookings;
        }

        HallDay withNoShows(TicketTree ns) {
            return new HallDay(layout, startMillis, endMillis, ns, bookings);
        }

        HallDay withBookings(Bookings b) {
            return new HallDay(layout, startMillis, endMillis, noShows, b);
        }
    }

    /** A new hall: nothing issued, every window closed, sequence 0. */
    static HallState initial(HallDefinition definition) {
        HallLayout layout = new HallLayout(definition);
        WindowSlot[] windows = new WindowSlot[layout.windowIds.length];
        for (int w = 0; w < windows.length; w++) {
            windows[w] = WindowSlot.closed(w);
        }
        long[] counters = new long[1 + layout.categories.length];
        counters[0] = 1;
        return new HallState(null, new HallDay(layout, Long.MIN_VALUE, Long.MIN_VALUE, null, Bookings.EMPTY),
                counters, windows, null, null, null);
    }

    /** A state as a {@link HallCheckpoint} held it: the windows array current (no hot slot). */
    static HallState restored(Event last, HallDay day, long[] counters, WindowSlot[] windows, TicketTree queue,
                              TicketTree waiting) {
        return new HallState(last, day, counters, windows, null, queue, waiting);
    }

    /** The sequence number of the last event applied, 0 for a new hall. */
    long seq() {
        return last == null ? 0 : last.seq();
    }

    /** The time of the last event applied, Long.MIN_VALUE for a new hall. */
    long lastAtMillis() {
        return last == null ? Long.MIN_VALUE : last.atMillis();
    }

    /** The id the next ticket gets. */
    long nextId() {
        return counters[0];
    }

    /** The last serial issued today in category {@code c} (0 before the first). */
    int serial(int c) {
        return (int) counters[1 + c];
    }

    HallLayout layout() {
        return day.layout;
    }

    TicketTree noShows() {
        return day.noShows;
    }

    /** The appointments, by date. */
    Bookings bookings() {
        return day.bookings;
    }

    /** Window {@code w}'s slot as it stands. */
    WindowSlot slot(int w) {
        WindowSlot h = hot;
        return h != null && h.window() == w ? h : windows[w];
    }

    int windowCount() {
        return windows.length;
    }

    String windowId(int w) {
        return day.layout.windowIds[w];
    }

    /** This state with other bookings, same sequence: the second half of applying a check-in's ticket. */
    private HallState withBookings(Bookings b) {
        return new HallState(last, day.withBookings(b), counters, windows, hot, queue, waiting);
    }


    /** The time a command decided at {@code nowMillis} takes effect: never before the last event. */
    long effectiveTime(long nowMillis) {
        return Math.max(nowMillis, lastAtMillis());
    }

    int waitingCount() {
        return TicketTree.size(waiting);
    }

    // ---------------------------------------------------------------- decisions: an event, or a refusal

    Outcome decideIssue(int c, Priority priority, Channel channel, String personKey, String appointmentId,
                        String trackToken, long at) {
        Category category = day.layout.categories[c];
        boolean sameDay = at >= day.startMillis && at < day.endMillis;
        int serial = (sameDay ? serial(c) : 0) + 1;
        if (category.dailyCap() > 0 && serial > category.dailyCap()) {
            return Refusal.of(Refusal.Code.DAILY_CAP_REACHED,
                    "category " + category.code() + " has issued all " + category.dailyCap() + " tickets of today");
        }
        if (category.issueFrom() != null || category.issueUntil() != null) {
            var time = day.layout.localTime(at);
            if ((category.issueFrom() != null && time.isBefore(category.issueFrom()))
                    || (category.issueUntil() != null && !time.isBefore(category.issueUntil()))) {
                return Refusal.of(Refusal.Code.OUTSIDE_ISSUE_HOURS, "category " + category.code()
                        + " issues tickets from " + category.issueFrom() + " until " + category.issueUntil());
            }
        }
        if (personKey != null && TicketTree.containsPerson(queue, c * DispatchPolicy.CLASSES,
                (c + 1) * DispatchPolicy.CLASSES, personKey)) {
            return Refusal.of(Refusal.Code.DUPLICATE_TICKET,
                    "this person already holds a waiting ticket for category " + category.code());
        }
        long id = nextId();
        Ticket t = new Ticket(id, serial, category, category.code(), c, priority, channel, at, at, id << 16, 0,
                false, personKey, appointmentId, trackToken);
        return new Event.TicketIssued(seq() + 1, at, t);
    }

    Outcome decideCallNext(int w, long at) {
        WindowSlot slot = slot(w);
        if (slot.state() != WindowState.OPEN) {
            return Refusal.of(Refusal.Code.WINDOW_NOT_OPEN, "window " + windowId(w) + " is " + slot.state());
        }
        if (slot.ticket() != null) {
            return Refusal.of(Refusal.Code.WINDOW_BUSY, "window " + windowId(w) + " still holds "
                    + slot.ticket().number() + ": complete it, mark it no-show or transfer it first");
        }
        Ticket chosen = DispatchPolicy.choose(this, w, at);
        if (chosen == null) {
            return Refusal.nobodyWaiting();
        }
        return new Event.TicketCalled(seq() + 1, at, chosen.withFirstCall(at), windowId(w), slot.staff());
    }

    Outcome decideRecall(int w, long at) {
        WindowSlot slot = slot(w);
        Refusal r = requireTicket(w, TicketState.CALLED, "recall");
        if (r != null) {
            return r;
        }
        if (slot.recalls() >= day.layout.definition.recallLimit()) {
            return new Event.TicketNoShow(seq() + 1, at, slot.ticket(), windowId(w), true);
        }
        return new Event.TicketRecalled(seq() + 1, at, slot.ticket(), windowId(w), slot.recalls() + 1);
    }

    Outcome decideStart(int w, long at) {
        Refusal r = requireTicket(w, TicketState.CALLED, "start");
        if (r != null) {
            return r;
        }
        WindowSlot slot = slot(w);
        return new Event.ServiceStarted(seq() + 1, at, slot.ticket(), windowId(w), slot.staff());
    }

    Outcome decideComplete(int w, long at) {
        Refusal r = requireTicket(w, TicketState.SERVING, "complete");
        if (r != null) {
            return r;
        }
        WindowSlot slot = slot(w);
        return new Event.ServiceCompleted(seq() + 1, at, slot.ticket(), windowId(w), slot.staff(),
                slot.calledAtMillis(), slot.startedAtMillis());
    }

    Outcome decideNoShow(int w, long at) {
        Refusal r = requireTicket(w, TicketState.CALLED, "mark no-show");
        if (r != null) {
            return r;
        }
        return new Event.TicketNoShow(seq() + 1, at, slot(w).ticket(), windowId(w), false);
    }

    Outcome decideTransfer(int w, int c, long at) {
        WindowSlot slot = slot(w);
        if (slot.ticket() == null) {
            return Refusal.of(Refusal.Code.NO_CURRENT_TICKET, "window " + windowId(w) + " holds no ticket");
        }
        Ticket t = slot.ticket();
        if (t.categoryIndex() == c) {
            return Refusal.of(Refusal.Code.SAME_CATEGORY,
                    "ticket " + t.number() + " already belongs to category " + t.category());
        }
        Category to = day.layout.categories[c];
        return new Event.TicketTransferred(seq() + 1, at, t.inCategory(to.code(), c), t.category(),
                windowId(w));
    }

    Outcome decideReinstate(long ticketId, long at) {
        Ticket t = TicketTree.findById(day.noShows, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "reinstate", "a no-show");
        }
        int line = TicketTree.lineOf(t);
        int k = day.layout.definition.reinstateAfter();
        int ahead = TicketTree.countBelow(queue, line);
        int size = TicketTree.countBelow(queue, line + 1) - ahead;
        Ticket placed;
        if (size <= k) {
            placed = t.queuedAt(at, nextId() << 16);
        } else if (k == 0) {
            Ticket head = TicketTree.firstOf(queue, line);
            placed = t.queuedAt(head.queueTimeMillis(), head.order() - 1);
        } else {
            Ticket kth = TicketTree.at(queue, ahead + k - 1);
            placed = t.queuedAt(kth.queueTimeMillis(), kth.order() + 1);
        }
        return new Event.TicketReinstated(seq() + 1, at, placed);
    }

    Outcome decideCancel(long ticketId, long at) {
        Ticket t = TicketTree.findById(waiting, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "cancel", "waiting");
        }
        return new Event.TicketCancelled(seq() + 1, at, t);
    }

    Outcome decidePin(long ticketId, String reason, long at) {
        if (reason == null || reason.isBlank()) {
            return Refusal.of(Refusal.Code.BAD_REQUEST, "pinning a ticket to the top needs a reason");
        }
        Ticket t = TicketTree.findById(waiting, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "pin", "waiting");
        }
        if (t.pinned()) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "ticket " + t.number() + " is already pinned");
        }
        return new Event.TicketPinned(seq() + 1, at, t.pinnedToTop(), reason);
    }

    Outcome decideReplaceTrackLink(long ticketId, String digest, long at) {
        if (digest == null || digest.isBlank()) {
            return Refusal.of(Refusal.Code.BAD_REQUEST, "a new phone link needs its digest");
        }
        Ticket t = TicketTree.findById(waiting, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "give a new phone link to", "waiting");
        }
        return new Event.TrackLinkReplaced(seq() + 1, at, t.withTrackToken(digest));
    }

    Outcome decideOpen(int w, Staff staff, long at) {
        if (staff == null || staff.id().isBlank() || staff.name().isBlank()) {
            return Refusal.of(Refusal.Code.BAD_REQUEST, "opening a window needs the staff's id and name");
        }
        if (slot(w).state() != WindowState.CLOSED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "window " + windowId(w) + " is already "
                    + slot(w).state());
        }
        return new Event.WindowOpened(seq() + 1, at, windowId(w), staff);
    }

    Outcome decidePause(int w, long at) {
        if (slot(w).state() != WindowState.OPEN) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "only an open window can pause; window "
                    + windowId(w) + " is " + slot(w).state());
        }
        return new Event.WindowPaused(seq() + 1, at, windowId(w));
    }

    Outcome decideResume(int w, long at) {
        if (slot(w).state() != WindowState.PAUSED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "only a paused window can resume; window "
                    + windowId(w) + " is " + slot(w).state());
        }
        return new Event.WindowResumed(seq() + 1, at, windowId(w));
    }

    Outcome decideClose(int w, long at) {
        WindowSlot slot = slot(w);
        if (slot.state() == WindowState.CLOSED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "window " + windowId(w) + " is already CLOSED");
        }
        if (slot.ticket() != null) {
            return Refusal.of(Refusal.Code.WINDOW_BUSY, "window " + windowId(w) + " still holds "
                    + slot.ticket().number());
        }
        return new Event.WindowClosed(seq() + 1, at, windowId(w));
    }

    /**
     * Labelled with the day it closes: the local day of the hall's last event (the midnight timer fires just
     * after midnight, a start-up close may come days later), or today for a hall with no events yet.
     */
    Outcome decideCloseDay(long at) {
        return new Event.DayClosed(seq() + 1, at, day.layout.localDate(seq() == 0 ? at : lastAtMillis()),
                waitingCount());
    }

    private Refusal requireTicket(int w, TicketState phase, String action) {
        WindowSlot slot = slot(w);
        if (slot.ticket() == null) {
            return Refusal.of(Refusal.Code.NO_CURRENT_TICKET,
                    "window " + windowId(w) + " holds no ticket to " + action);
        }
        if (slot.phase() != phase) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "cannot " + action + " ticket " + slot.ticket().number()
                    + ": it is " + slot.phase());
        }
        return null;
    }

    private Refusal wrongStateOrUnknown(long ticketId, String action, String needed) {
        TicketState s = liveState(ticketId);
        if (s == null) {
            return Refusal.of(Refusal.Code.UNKNOWN_TICKET, "no live ticket with id " + ticketId);
        }
        return Refusal.of(Refusal.Code.WRONG_STATE, "cannot " + action + " ticket " + ticketId + ": it is " + s
                + ", not " + needed);
    }

    // ---------------------------------------------------------------- queries

    /** The state of a live ticket, or null if it is not live. */
    TicketState liveState(long ticketId) {
        if (TicketTree.findById(waiting, ticketId) != null) {
            return TicketState.WAITING;
        }
        if (TicketTree.findById(day.noShows, ticketId) != null) {
            return TicketState.NO_SHOW;
        }
        int w = windowHolding(ticketId);
        return w < 0 ? null : slot(w).phase();
    }

    /** The index of the window holding this ticket, or -1. */
    int windowHolding(long ticketId) {
        for (int w = 0; w < windows.length; w++) {
            Ticket t = slot(w).ticket();
            if (t != null && t.id() == ticketId) {
                return w;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- the successor

    /**
     * The state after {@code e}, which must be the next event ({@code e.seq() == seq + 1}) and valid here, as
     * every event a decision returned is.
     */
    HallState apply(Event e) {
        if (e.seq() != seq() + 1) {
            throw new IllegalStateException("event " + e.seq() + " does not follow state " + seq());
        }
        long at = e.atMillis();
        if (e instanceof Event.TicketIssued i) {
            HallState issued = applyIssued(i, i.ticket());
            return i.ticket().appointmentId() == null ? issued
                    : issued.withBookings(AppointmentDesk.apply(this, e));
        } else if (e instanceof Event.TicketCalled call) {
            int w = windowIndex(call.window());
            Ticket t = call.ticket();
            WindowSlot slot = slot(w);
            int streak = DispatchPolicy.isPriorityCall(t) ? slot.priorityStreak() + 1 : 0;
            return withSlot(e, WindowSlot.of(w, slot.state(), slot.staff(), call, TicketState.CALLED, 0, 0, streak),
                    TicketTree.remove(queue, t, TicketTree.BY_QUEUE),
                    TicketTree.remove(waiting, t, TicketTree.BY_ID), day);
        } else if (e instanceof Event.TicketRecalled r) {
            int w = windowIndex(r.window());
            WindowSlot s = slot(w);
            return withSlot(e, WindowSlot.of(w, s.state(), s.staff(), s.call(), s.phase(), s.startedAtMillis(),
                    r.recallCount(), s.priorityStreak()), queue, waiting, day);
        } else if (e instanceof Event.ServiceStarted st) {
            int w = windowIndex(st.window());
            WindowSlot s = slot(w);
            return withSlot(e, WindowSlot.of(w, s.state(), s.staff(), s.call(), TicketState.SERVING, at,
                    s.recalls(), s.priorityStreak()), queue, waiting, day);
        } else if (e instanceof Event.ServiceCompleted done) {
            int w = windowIndex(done.window());
            return withSlot(e, released(w), queue, waiting, day);
        } else if (e instanceof Event.TicketNoShow ns) {
            int w = windowIndex(ns.window());
            return withSlot(e, released(w), queue, waiting,
                    day.withNoShows(TicketTree.insert(day.noShows, ns.ticket(), TicketTree.BY_ID)));
        } else if (e instanceof Event.TicketReinstated ri) {
            Ticket t = ri.ticket();
            Ticket old = TicketTree.findById(day.noShows, t.id());
            return new HallState(e, day.withNoShows(TicketTree.remove(day.noShows, old, TicketTree.BY_ID)),
                    counters, windows, hot, TicketTree.insert(queue, t, TicketTree.BY_QUEUE),
                    TicketTree.insert(waiting, t, TicketTree.BY_ID));
        } else if (e instanceof Event.TicketTransferred tr) {
            int w = windowIndex(tr.window());
            Ticket t = tr.ticket();
            return withSlot(e, released(w), TicketTree.insert(queue, t, TicketTree.BY_QUEUE),
                    TicketTree.insert(waiting, t, TicketTree.BY_ID), day);
        } else if (e instanceof Event.TicketCancelled cancel) {
            Ticket t = TicketTree.findById(waiting, cancel.ticket().id());
            return new HallState(e, day, counters, windows, hot, TicketTree.remove(queue, t, TicketTree.BY_QUEUE),
                    TicketTree.remove(waiting, t, TicketTree.BY_ID));
        } else if (e instanceof Event.TicketPinned || e instanceof Event.TrackLinkReplaced) {
            Ticket t = e instanceof Event.TicketPinned pin ? pin.ticket() : ((Event.TrackLinkReplaced) e).ticket();
            Ticket old = TicketTree.findById(waiting, t.id());
            TicketTree byId = TicketTree.insert(TicketTree.remove(waiting, old, TicketTree.BY_ID), t,
                    TicketTree.BY_ID);
            TicketTree q = TicketTree.insert(TicketTree.remove(queue, old, TicketTree.BY_QUEUE), t,
                    TicketTree.BY_QUEUE);
            return new HallState(e, day, counters, windows, hot, q, byId);
        } else if (e instanceof Event.WindowOpened o) {
            int w = windowIndex(o.window());
            return withSlot(e, slot(w).withState(WindowState.OPEN, o.staff()), queue, waiting, day);
        } else if (e instanceof Event.WindowPaused p) {
            int w = windowIndex(p.window());
            return withSlot(e, slot(w).withState(WindowState.PAUSED, slot(w).staff()), queue, waiting, day);
        } else if (e instanceof Event.WindowResumed r) {
            int w = windowIndex(r.window());
            return withSlot(e, slot(w).withState(WindowState.OPEN, slot(w).staff()), queue, waiting, day);
        } else if (e instanceof Event.WindowClosed c) {
            int w = windowIndex(c.window());
            return withSlot(e, WindowSlot.closed(w), queue, waiting, day);
        } else if (e instanceof Event.DayClosed) {
            return new HallState(e, day.withNoShows(null), counters, windows, hot, null, null);
        } else if (e instanceof Event.AppointmentBooked || e instanceof Event.AppointmentCancelled
                || e instanceof Event.AppointmentsMissed || e instanceof Event.BookingBlockLifted) {
            return new HallState(e, day.withBookings(AppointmentDesk.apply(this, e)), counters, windows, hot, queue,
                    waiting);
        }
        throw new IllegalArgumentException("unknown event " + e.type());
    }

    private HallState applyIssued(Event e, Ticket t) {
        long[] counts = counters.clone();
        HallDay d = day;
        if (t.issuedAtMillis() < d.startMillis || t.issuedAtMillis() >= d.endMillis) {
            var date = d.layout.localDate(t.issuedAtMillis());
            d = new HallDay(d.layout, d.layout.startOf(date), d.layout.startOf(date.plusDays(1)), d.noShows,
                    d.bookings);
            Arrays.fill(counts, 1, counts.length, 0);
        }
        counts[0] = t.id() + 1;
        counts[1 + t.categoryIndex()] = t.serial();
        return new HallState(e, d, counts, windows, hot, TicketTree.insert(queue, t, TicketTree.BY_QUEUE),
                TicketTree.insert(waiting, t, TicketTree.BY_ID));
    }

    /**
     * The successor in which window {@code slot.window()} has this slot. The slot becomes the {@link #hot} one;
     * the hot slot of another window is first folded into a copy of the windows array. A slot equal to the one
     * the array already holds (a window back where it was before its call) needs no override.
     */
    private HallState withSlot(Event e, WindowSlot slot, TicketTree q, TicketTree byId, HallDay d) {
        int w = slot.window();
        WindowSlot[] base = windows;
        if (hot != null && hot.window() != w) {
            base = windows.clone();
            base[hot.window()] = hot;
        }
        return new HallState(e, d, counters, base, slot == base[w] ? null : slot, q, byId);
    }

    /**
     * Window {@code w}'s slot without its ticket. When the array still holds the window as it was before its
     * call (same state, staff and priority streak, no ticket), that very slot: a release then allocates nothing.
     */
    private WindowSlot released(int w) {
        WindowSlot s = slot(w);
        WindowSlot before = windows[w];
        if (before != s && before.ticket() == null && before.state() == s.state() && before.staff() == s.staff()
                && before.priorityStreak() == s.priorityStreak()) {
            return before;
        }
        return s.released();
    }

    private int windowIndex(String id) {
        String[] ids = day.layout.windowIds;
        for (int w = 0; w < ids.length; w++) {
            if (ids[w].equals(id)) {
                return w;
            }
        }
        throw new IllegalStateException("event names unknown window " + id);
    }
}
