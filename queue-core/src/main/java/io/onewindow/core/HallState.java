package io.onewindow.core;

import java.util.Arrays;

/**
 * The whole state of one hall at one sequence number. Immutable: a command {@code decide}s its event against a
 * state (or refuses, changing nothing) and {@link #apply(Event)} computes the successor, which carries
 * {@code seq + 1}. Recovery applies journaled events with the same {@code apply}, so a replayed hall is the hall
 * that was, by construction.
 *
 * <p>Structure sharing keeps a successor cheap: the lines and the id index are persistent treaps
 * ({@link TicketTree}), the windows and counters small arrays copied when they change.
 *
 * <p>Live tickets only: waiting ones (in {@link #lines}, by category and class, and in {@link #waiting}, by
 * id), called or served ones (held by their window), and today's no-shows (for reinstatement). Finished tickets
 * leave the state; the dispatcher keeps a bounded recent history of them.
 */
final class HallState {

    final HallLayout layout;
    final long seq;
    final long lastAtMillis;
    final long nextId;
    /** The local day whose numbers {@link #serials} counts: [dayStartMillis, dayEndMillis). */
    final long dayStartMillis;
    final long dayEndMillis;
    /** The last serial issued today, per category. */
    final int[] serials;
    final WindowSlot[] windows;
    /** Waiting tickets by category and class, in queue order: index {@code category * 4 + lineClass}. */
    final TicketTree[] lines;
    /** Waiting tickets by id. */
    final TicketTree waiting;
    /** Today's no-shows by id. */
    final TicketTree noShows;
    /** The appointments, by date: carried over untouched by every command that is not about them. */
    final Bookings bookings;

    private HallState(HallLayout layout, long seq, long lastAtMillis, long nextId, long dayStartMillis,
                      long dayEndMillis, int[] serials, WindowSlot[] windows, TicketTree[] lines, TicketTree waiting,
                      TicketTree noShows, Bookings bookings) {
        this.layout = layout;
        this.seq = seq;
        this.lastAtMillis = lastAtMillis;
        this.nextId = nextId;
        this.dayStartMillis = dayStartMillis;
        this.dayEndMillis = dayEndMillis;
        this.serials = serials;
        this.windows = windows;
        this.lines = lines;
        this.waiting = waiting;
        this.noShows = noShows;
        this.bookings = bookings;
    }

    /** A new hall: nothing issued, every window closed, sequence 0. */
    static HallState initial(HallDefinition definition) {
        HallLayout layout = new HallLayout(definition);
        WindowSlot[] windows = new WindowSlot[layout.windowIds.length];
        Arrays.fill(windows, WindowSlot.CLOSED);
        return new HallState(layout, 0, Long.MIN_VALUE, 1, Long.MIN_VALUE, Long.MIN_VALUE,
                new int[layout.categories.length], windows,
                new TicketTree[layout.categories.length * DispatchPolicy.CLASSES], null, null, Bookings.EMPTY);
    }

    private HallState next(long at, long nextId, long dayStart, long dayEnd, int[] serials, WindowSlot[] windows,
                           TicketTree[] lines, TicketTree waiting, TicketTree noShows) {
        return new HallState(layout, seq + 1, at, nextId, dayStart, dayEnd, serials, windows, lines, waiting,
                noShows, bookings);
    }

    /** This state with other bookings, same sequence: the second half of applying a check-in's ticket. */
    private HallState withBookings(Bookings b) {
        return new HallState(layout, seq, lastAtMillis, nextId, dayStartMillis, dayEndMillis, serials, windows, lines,
                waiting, noShows, b);
    }


    /** The time a command decided at {@code nowMillis} takes effect: never before the last event. */
    long effectiveTime(long nowMillis) {
        return Math.max(nowMillis, lastAtMillis);
    }

    int waitingCount() {
        return TicketTree.size(waiting);
    }

    // ---------------------------------------------------------------- decisions: an event, or a refusal

    Outcome decideIssue(int c, Priority priority, Channel channel, String personKey, String appointmentId,
                        String trackToken, long at) {
        Category category = layout.categories[c];
        boolean sameDay = at >= dayStartMillis && at < dayEndMillis;
        int serial = (sameDay ? serials[c] : 0) + 1;
        if (category.dailyCap() > 0 && serial > category.dailyCap()) {
            return Refusal.of(Refusal.Code.DAILY_CAP_REACHED,
                    "category " + category.code() + " has issued all " + category.dailyCap() + " tickets of today");
        }
        if (category.issueFrom() != null || category.issueUntil() != null) {
            var time = layout.localTime(at);
            if ((category.issueFrom() != null && time.isBefore(category.issueFrom()))
                    || (category.issueUntil() != null && !time.isBefore(category.issueUntil()))) {
                return Refusal.of(Refusal.Code.OUTSIDE_ISSUE_HOURS, "category " + category.code()
                        + " issues tickets from " + category.issueFrom() + " until " + category.issueUntil());
            }
        }
        if (personKey != null) {
            for (int cls = 0; cls < DispatchPolicy.CLASSES; cls++) {
                if (TicketTree.containsPerson(lines[c * DispatchPolicy.CLASSES + cls], personKey)) {
                    return Refusal.of(Refusal.Code.DUPLICATE_TICKET,
                            "this person already holds a waiting ticket for category " + category.code());
                }
            }
        }
        long id = nextId;
        Ticket t = new Ticket(id, serial, category, category.code(), c, priority, channel, at, at, id << 16, 0,
                false, personKey, appointmentId, trackToken);
        return new Event.TicketIssued(seq + 1, at, t);
    }

    Outcome decideCallNext(int w, long at) {
        WindowSlot slot = windows[w];
        if (slot.state() != WindowState.OPEN) {
            return Refusal.of(Refusal.Code.WINDOW_NOT_OPEN, "window " + layout.windowIds[w] + " is " + slot.state());
        }
        if (slot.ticket() != null) {
            return Refusal.of(Refusal.Code.WINDOW_BUSY, "window " + layout.windowIds[w] + " still holds "
                    + slot.ticket().number() + ": complete it, mark it no-show or transfer it first");
        }
        Ticket chosen = DispatchPolicy.choose(this, w, at);
        if (chosen == null) {
            return Refusal.nobodyWaiting();
        }
        return new Event.TicketCalled(seq + 1, at, chosen.withFirstCall(at), layout.windowIds[w], slot.staff());
    }

    Outcome decideRecall(int w, long at) {
        WindowSlot slot = windows[w];
        Refusal r = requireTicket(w, TicketState.CALLED, "recall");
        if (r != null) {
            return r;
        }
        if (slot.recalls() >= layout.definition.recallLimit()) {
            return new Event.TicketNoShow(seq + 1, at, slot.ticket(), layout.windowIds[w], true);
        }
        return new Event.TicketRecalled(seq + 1, at, slot.ticket(), layout.windowIds[w], slot.recalls() + 1);
    }

    Outcome decideStart(int w, long at) {
        Refusal r = requireTicket(w, TicketState.CALLED, "start");
        if (r != null) {
            return r;
        }
        WindowSlot slot = windows[w];
        return new Event.ServiceStarted(seq + 1, at, slot.ticket(), layout.windowIds[w], slot.staff());
    }

    Outcome decideComplete(int w, long at) {
        Refusal r = requireTicket(w, TicketState.SERVING, "complete");
        if (r != null) {
            return r;
        }
        WindowSlot slot = windows[w];
        return new Event.ServiceCompleted(seq + 1, at, slot.ticket(), layout.windowIds[w], slot.staff(),
                slot.calledAtMillis(), slot.startedAtMillis());
    }

    Outcome decideNoShow(int w, long at) {
        Refusal r = requireTicket(w, TicketState.CALLED, "mark no-show");
        if (r != null) {
            return r;
        }
        return new Event.TicketNoShow(seq + 1, at, windows[w].ticket(), layout.windowIds[w], false);
    }

    Outcome decideTransfer(int w, int c, long at) {
        WindowSlot slot = windows[w];
        if (slot.ticket() == null) {
            return Refusal.of(Refusal.Code.NO_CURRENT_TICKET, "window " + layout.windowIds[w] + " holds no ticket");
        }
        Ticket t = slot.ticket();
        if (t.categoryIndex() == c) {
            return Refusal.of(Refusal.Code.SAME_CATEGORY,
                    "ticket " + t.number() + " already belongs to category " + t.category());
        }
        Category to = layout.categories[c];
        return new Event.TicketTransferred(seq + 1, at, t.inCategory(to.code(), c), t.category(),
                layout.windowIds[w]);
    }

    Outcome decideReinstate(long ticketId, long at) {
        Ticket t = TicketTree.findById(noShows, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "reinstate", "a no-show");
        }
        TicketTree line = lines[t.categoryIndex() * DispatchPolicy.CLASSES + t.lineClass()];
        int k = layout.definition.reinstateAfter();
        int size = TicketTree.size(line);
        Ticket placed;
        if (size <= k) {
            placed = t.queuedAt(at, nextId << 16);
        } else if (k == 0) {
            Ticket head = TicketTree.first(line);
            placed = t.queuedAt(head.queueTimeMillis(), head.order() - 1);
        } else {
            Ticket kth = TicketTree.at(line, k - 1);
            placed = t.queuedAt(kth.queueTimeMillis(), kth.order() + 1);
        }
        return new Event.TicketReinstated(seq + 1, at, placed);
    }

    Outcome decideCancel(long ticketId, long at) {
        Ticket t = TicketTree.findById(waiting, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "cancel", "waiting");
        }
        return new Event.TicketCancelled(seq + 1, at, t);
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
        return new Event.TicketPinned(seq + 1, at, t.pinnedToTop(), reason);
    }

    Outcome decideReplaceTrackLink(long ticketId, String digest, long at) {
        if (digest == null || digest.isBlank()) {
            return Refusal.of(Refusal.Code.BAD_REQUEST, "a new phone link needs its digest");
        }
        Ticket t = TicketTree.findById(waiting, ticketId);
        if (t == null) {
            return wrongStateOrUnknown(ticketId, "give a new phone link to", "waiting");
        }
        return new Event.TrackLinkReplaced(seq + 1, at, t.withTrackToken(digest));
    }

    Outcome decideOpen(int w, Staff staff, long at) {
        if (staff == null || staff.id().isBlank() || staff.name().isBlank()) {
            return Refusal.of(Refusal.Code.BAD_REQUEST, "opening a window needs the staff's id and name");
        }
        if (windows[w].state() != WindowState.CLOSED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "window " + layout.windowIds[w] + " is already "
                    + windows[w].state());
        }
        return new Event.WindowOpened(seq + 1, at, layout.windowIds[w], staff);
    }

    Outcome decidePause(int w, long at) {
        if (windows[w].state() != WindowState.OPEN) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "only an open window can pause; window "
                    + layout.windowIds[w] + " is " + windows[w].state());
        }
        return new Event.WindowPaused(seq + 1, at, layout.windowIds[w]);
    }

    Outcome decideResume(int w, long at) {
        if (windows[w].state() != WindowState.PAUSED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "only a paused window can resume; window "
                    + layout.windowIds[w] + " is " + windows[w].state());
        }
        return new Event.WindowResumed(seq + 1, at, layout.windowIds[w]);
    }

    Outcome decideClose(int w, long at) {
        WindowSlot slot = windows[w];
        if (slot.state() == WindowState.CLOSED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "window " + layout.windowIds[w] + " is already CLOSED");
        }
        if (slot.ticket() != null) {
            return Refusal.of(Refusal.Code.WINDOW_BUSY, "window " + layout.windowIds[w] + " still holds "
                    + slot.ticket().number());
        }
        return new Event.WindowClosed(seq + 1, at, layout.windowIds[w]);
    }

    /**
     * Labelled with the day it closes: the local day of the hall's last event (the midnight timer fires just
     * after midnight, a start-up close may come days later), or today for a hall with no events yet.
     */
    Outcome decideCloseDay(long at) {
        return new Event.DayClosed(seq + 1, at, layout.localDate(seq == 0 ? at : lastAtMillis), waitingCount());
    }

    private Refusal requireTicket(int w, TicketState phase, String action) {
        WindowSlot slot = windows[w];
        if (slot.ticket() == null) {
            return Refusal.of(Refusal.Code.NO_CURRENT_TICKET,
                    "window " + layout.windowIds[w] + " holds no ticket to " + action);
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
        if (TicketTree.findById(noShows, ticketId) != null) {
            return TicketState.NO_SHOW;
        }
        int w = windowHolding(ticketId);
        return w < 0 ? null : windows[w].phase();
    }

    /** The index of the window holding this ticket, or -1. */
    int windowHolding(long ticketId) {
        for (int w = 0; w < windows.length; w++) {
            Ticket t = windows[w].ticket();
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
        if (e.seq() != seq + 1) {
            throw new IllegalStateException("event " + e.seq() + " does not follow state " + seq);
        }
        long at = e.atMillis();
        if (e instanceof Event.TicketIssued i) {
            HallState issued = applyIssued(i.ticket(), at);
            return i.ticket().appointmentId() == null ? issued
                    : issued.withBookings(AppointmentDesk.apply(this, e));
        } else if (e instanceof Event.TicketCalled call) {
            int w = windowIndex(call.window());
            Ticket t = call.ticket();
            WindowSlot slot = windows[w];
            int streak = DispatchPolicy.isPriorityCall(t) ? slot.priorityStreak() + 1 : 0;
            return next(at, nextId, dayStartMillis, dayEndMillis, serials,
                    withWindow(w, new WindowSlot(slot.state(), slot.staff(), t, TicketState.CALLED, at, 0, 0,
                            streak)),
                    withoutWaiting(t), TicketTree.remove(waiting, t, TicketTree.BY_ID), noShows);
        } else if (e instanceof Event.TicketRecalled r) {
            int w = windowIndex(r.window());
            WindowSlot s = windows[w];
            return withWindows(at, withWindow(w, new WindowSlot(s.state(), s.staff(), s.ticket(), s.phase(),
                    s.calledAtMillis(), s.startedAtMillis(), r.recallCount(), s.priorityStreak())));
        } else if (e instanceof Event.ServiceStarted st) {
            int w = windowIndex(st.window());
            WindowSlot s = windows[w];
            return withWindows(at, withWindow(w, new WindowSlot(s.state(), s.staff(), s.ticket(),
                    TicketState.SERVING, s.calledAtMillis(), at, s.recalls(), s.priorityStreak())));
        } else if (e instanceof Event.ServiceCompleted done) {
            int w = windowIndex(done.window());
            return withWindows(at, withWindow(w, windows[w].released()));
        } else if (e instanceof Event.TicketNoShow ns) {
            int w = windowIndex(ns.window());
            return next(at, nextId, dayStartMillis, dayEndMillis, serials, withWindow(w, windows[w].released()),
                    lines, waiting, TicketTree.insert(noShows, ns.ticket(), TicketTree.BY_ID));
        } else if (e instanceof Event.TicketReinstated ri) {
            Ticket t = ri.ticket();
            Ticket old = TicketTree.findById(noShows, t.id());
            return next(at, nextId, dayStartMillis, dayEndMillis, serials,
                    windows, withWaiting(t), TicketTree.insert(waiting, t, TicketTree.BY_ID),
                    TicketTree.remove(noShows, old, TicketTree.BY_ID));
        } else if (e instanceof Event.TicketTransferred tr) {
            int w = windowIndex(tr.window());
            Ticket t = tr.ticket();
            return next(at, nextId, dayStartMillis, dayEndMillis, serials, withWindow(w, windows[w].released()),
                    withWaiting(t), TicketTree.insert(waiting, t, TicketTree.BY_ID), noShows);
        } else if (e instanceof Event.TicketCancelled cancel) {
            Ticket t = TicketTree.findById(waiting, cancel.ticket().id());
            return next(at, nextId, dayStartMillis, dayEndMillis, serials, windows, withoutWaiting(t),
                    TicketTree.remove(waiting, t, TicketTree.BY_ID), noShows);
        } else if (e instanceof Event.TicketPinned || e instanceof Event.TrackLinkReplaced) {
            Ticket t = e instanceof Event.TicketPinned pin ? pin.ticket() : ((Event.TrackLinkReplaced) e).ticket();
            Ticket old = TicketTree.findById(waiting, t.id());
            TicketTree byId = TicketTree.insert(TicketTree.remove(waiting, old, TicketTree.BY_ID), t,
                    TicketTree.BY_ID);
            TicketTree[] ls = withoutWaiting(old);
            int i = t.categoryIndex() * DispatchPolicy.CLASSES + t.lineClass();
            ls[i] = TicketTree.insert(ls[i], t, TicketTree.BY_QUEUE);
            return next(at, nextId, dayStartMillis, dayEndMillis, serials, windows, ls, byId, noShows);
        } else if (e instanceof Event.WindowOpened o) {
            int w = windowIndex(o.window());
            return withWindows(at, withWindow(w, windows[w].withState(WindowState.OPEN, o.staff())));
        } else if (e instanceof Event.WindowPaused p) {
            int w = windowIndex(p.window());
            return withWindows(at, withWindow(w, windows[w].withState(WindowState.PAUSED, windows[w].staff())));
        } else if (e instanceof Event.WindowResumed r) {
            int w = windowIndex(r.window());
            return withWindows(at, withWindow(w, windows[w].withState(WindowState.OPEN, windows[w].staff())));
        } else if (e instanceof Event.WindowClosed c) {
            int w = windowIndex(c.window());
            return withWindows(at, withWindow(w, WindowSlot.CLOSED));
        } else if (e instanceof Event.DayClosed) {
            return next(at, nextId, dayStartMillis, dayEndMillis, serials, windows, new TicketTree[lines.length],
                    null, null);
        } else if (e instanceof Event.AppointmentBooked || e instanceof Event.AppointmentCancelled
                || e instanceof Event.AppointmentsMissed || e instanceof Event.BookingBlockLifted) {
            return next(at, nextId, dayStartMillis, dayEndMillis, serials, windows, lines, waiting, noShows)
                    .withBookings(AppointmentDesk.apply(this, e));
        }
        throw new IllegalArgumentException("unknown event " + e.type());
    }

    private HallState applyIssued(Ticket t, long at) {
        long dayStart = dayStartMillis;
        long dayEnd = dayEndMillis;
        int[] counts;
        if (t.issuedAtMillis() >= dayStart && t.issuedAtMillis() < dayEnd) {
            counts = serials.clone();
        } else {
            var date = layout.localDate(t.issuedAtMillis());
            dayStart = layout.startOf(date);
            dayEnd = layout.startOf(date.plusDays(1));
            counts = new int[serials.length];
        }
        counts[t.categoryIndex()] = t.serial();
        return next(at, t.id() + 1, dayStart, dayEnd, counts, windows, withWaiting(t),
                TicketTree.insert(waiting, t, TicketTree.BY_ID), noShows);
    }

    private HallState withWindows(long at, WindowSlot[] ws) {
        return next(at, nextId, dayStartMillis, dayEndMillis, serials, ws, lines, waiting, noShows);
    }

    private WindowSlot[] withWindow(int w, WindowSlot slot) {
        WindowSlot[] ws = windows.clone();
        ws[w] = slot;
        return ws;
    }

    private TicketTree[] withWaiting(Ticket t) {
        TicketTree[] ls = lines.clone();
        int i = t.categoryIndex() * DispatchPolicy.CLASSES + t.lineClass();
        ls[i] = TicketTree.insert(ls[i], t, TicketTree.BY_QUEUE);
        return ls;
    }

    private TicketTree[] withoutWaiting(Ticket t) {
        TicketTree[] ls = lines.clone();
        int i = t.categoryIndex() * DispatchPolicy.CLASSES + t.lineClass();
        ls[i] = TicketTree.remove(ls[i], t, TicketTree.BY_QUEUE);
        return ls;
    }

    private int windowIndex(String id) {
        String[] ids = layout.windowIds;
        for (int w = 0; w < ids.length; w++) {
            if (ids[w].equals(id)) {
                return w;
            }
        }
        throw new IllegalStateException("event names unknown window " + id);
    }
}
