package io.onewindow.core;

/**
 * A window's state inside {@link HallState}. Immutable. Every call, start and completion allocates one, so it
 * is kept to 40 bytes (compressed references): the window's index, its ticket's recalls and phase share one int
 * ({@link #bits}), and the ticket and the time of its call are those of the call's event, kept by reference.
 *
 * @param state          open, paused or closed
 * @param staff          the staff signed in, null when closed
 * @param call           the call of the ticket it holds (called or in service), or null: the ticket as called and
 *                       the time of the call (the last call, recalls not counted)
 * @param startedAtMillis when service started, 0 before
 * @param bits           the window's index (low 16 bits), its ticket's recalls (bits 16-30), in service (bit 31)
 * @param priorityStreak priority calls in a row, for the hall's priorityRatio
 */
record WindowSlot(WindowState state, Staff staff, Event.TicketCalled call, long startedAtMillis, int bits,
                  int priorityStreak) {

    /** Windows a hall may have: the index takes 16 bits. */
    static final int MAX_WINDOWS = 1 << 16;
    private static final int INDEX_MASK = MAX_WINDOWS - 1;
    private static final int RECALL_SHIFT = 16;
    private static final int RECALL_MASK = 0x7FFF;
    private static final int SERVING = 1 << 31;

    /**
     * @param window  the window's index in the hall definition
     * @param phase   {@link TicketState#CALLED} or {@link TicketState#SERVING} while it holds a ticket, else null
     * @param recalls recalls of its ticket so far (the hall's recallLimit is at most 100)
     */
    static WindowSlot of(int window, WindowState state, Staff staff, Event.TicketCalled call, TicketState phase,
                         long startedAtMillis, int recalls, int priorityStreak) {
        if (window < 0 || window > INDEX_MASK || recalls < 0 || recalls > RECALL_MASK) {
            throw new IllegalArgumentException("window " + window + " or recalls " + recalls + " out of range");
        }
        int bits = window | recalls << RECALL_SHIFT | (phase == TicketState.SERVING ? SERVING : 0);
        return new WindowSlot(state, staff, call, startedAtMillis, bits, priorityStreak);
    }

    static WindowSlot closed(int window) {
        return of(window, WindowState.CLOSED, null, null, null, 0, 0, 0);
    }

    /** The window's index in the hall definition. */
    int window() {
        return bits & INDEX_MASK;
    }

    /** Recalls of its ticket so far. */
    int recalls() {
        return (bits >>> RECALL_SHIFT) & RECALL_MASK;
    }

    /** {@link TicketState#CALLED} or {@link TicketState#SERVING} while it holds a ticket, else null. */
    TicketState phase() {
        if (call == null) {
            return null;
        }
        return (bits & SERVING) != 0 ? TicketState.SERVING : TicketState.CALLED;
    }

    /** The ticket it holds, or null. */
    Ticket ticket() {
        return call == null ? null : call.ticket();
    }

    /** When it called the ticket it holds, 0 when it holds none. */
    long calledAtMillis() {
        return call == null ? 0 : call.atMillis();
    }

    WindowSlot withState(WindowState s, Staff st) {
        return new WindowSlot(s, st, call, startedAtMillis, bits, priorityStreak);
    }

    WindowSlot released() {
        return new WindowSlot(state, staff, null, 0, window(), priorityStreak);
    }
}
