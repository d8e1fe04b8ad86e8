package io.onewindow.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The hall at one sequence number: its line and its windows. Immutable (a view over an immutable state; taking
 * it copies nothing).
 */
public final class HallSnapshot {

    private final HallState state;

    HallSnapshot(HallState state) {
        this.state = state;
    }

    /** The sequence number of the last event this snapshot includes. */
    public long seq() {
        return state.seq();
    }

    /** The time of that event (epoch millis), or Long.MIN_VALUE for a hall with no event yet. */
    public long lastEventAtMillis() {
        return state.lastAtMillis();
    }

    public HallDefinition hall() {
        return state.layout().definition;
    }

    /** All waiting tickets. */
    public int waiting() {
        return state.waitingCount();
    }

    /** Waiting tickets of a category. */
    public int waiting(String category) {
        int c = categoryIndex(category);
        return TicketTree.count(state.queue, c * DispatchPolicy.CLASSES, (c + 1) * DispatchPolicy.CLASSES);
    }

    /**
     * The first {@code limit} waiting tickets of a category in the order the policy calls them, without the
     * clock: pinned, then GREEN, APPOINTMENT, NORMAL, each in queue order (aging is left out, being the clock's).
     */
    public List<Ticket> next(String category, int limit) {
        int c = categoryIndex(category);
        List<Ticket> out = new ArrayList<>(Math.min(limit, 32));
        TicketTree.collect(state.queue, c * DispatchPolicy.CLASSES, (c + 1) * DispatchPolicy.CLASSES, out, limit);
        return out;
    }

    /** The queue time of the category's longest-waiting ticket, or Long.MAX_VALUE when none waits. */
    public long oldestQueueTimeMillis(String category) {
        int c = categoryIndex(category);
        long oldest = Long.MAX_VALUE;
        for (int cls = 0; cls < DispatchPolicy.CLASSES; cls++) {
            Ticket head = TicketTree.firstOf(state.queue, c * DispatchPolicy.CLASSES + cls);
            if (head != null) {
                oldest = Math.min(oldest, head.queueTimeMillis());
            }
        }
        return oldest;
    }

    /** Position of a waiting ticket in its category (1 = next), or 0 when it is not waiting. */
    public int position(long ticketId) {
        Ticket t = TicketTree.findById(state.waiting, ticketId);
        if (t == null) {
            return 0;
        }
        int otherCategories = TicketTree.countBelow(state.queue, t.categoryIndex() * DispatchPolicy.CLASSES);
        return TicketTree.rank(state.queue, t, TicketTree.BY_QUEUE) - otherCategories + 1;
    }

    /** The windows, in the order of the hall definition. */
    public List<WindowView> windows() {
        List<WindowView> out = new ArrayList<>(state.windowCount());
        for (int w = 0; w < state.windowCount(); w++) {
            out.add(window(w));
        }
        return out;
    }

    /** One window, or null if the hall has no window with that id. */
    public WindowView window(String windowId) {
        int w = state.layout().definition.windowIndex(windowId);
        return w < 0 ? null : window(w);
    }

    private WindowView window(int w) {
        WindowSlot s = state.slot(w);
        return new WindowView(state.layout().definition.windows().get(w), s.state(), s.staff(), s.ticket(), s.phase(),
                s.calledAtMillis(), s.startedAtMillis(), s.recalls());
    }

    /** Open windows that serve the category in either tier. */
    public int openWindowsServing(String category) {
        int c = categoryIndex(category);
        int n = 0;
        for (int w = 0; w < state.windowCount(); w++) {
            if (state.slot(w).state() == WindowState.OPEN && state.layout().definition.serves(w, c)) {
                n++;
            }
        }
        return n;
    }

    /** The last serial issued today in the category (0 before the first). */
    public int lastSerial(String category) {
        return state.serial(categoryIndex(category));
    }

    /** A live ticket (waiting, called, serving, no-show) as it stands, or null. */
    public TicketView ticket(long id) {
        Ticket t = TicketTree.findById(state.waiting, id);
        if (t != null) {
            return new TicketView(t, TicketState.WAITING, null, position(id), 0, 0, 0, 0);
        }
        t = TicketTree.findById(state.noShows(), id);
        if (t != null) {
            return new TicketView(t, TicketState.NO_SHOW, null, 0, 0, 0, 0, 0);
        }
        int w = state.windowHolding(id);
        if (w >= 0) {
            WindowSlot s = state.slot(w);
            return new TicketView(s.ticket(), s.phase(), state.layout().windowIds[w], 0, s.calledAtMillis(),
                    s.startedAtMillis(), 0, s.recalls());
        }
        return null;
    }

    /** Every waiting ticket, in id order. For journaled snapshots and checks, O(n). */
    public List<Ticket> waitingTickets() {
        List<Ticket> out = new ArrayList<>(state.waitingCount());
        TicketTree.collect(state.waiting, out, Integer.MAX_VALUE);
        return out;
    }

    private int categoryIndex(String category) {
        int c = state.layout().definition.categoryIndex(category);
        if (c < 0) {
            throw new IllegalArgumentException("unknown category " + category);
        }
        return c;
    }
}
