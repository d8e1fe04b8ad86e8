package io.onewindow.core;

/**
 * A window's state inside {@link HallState}. Immutable.
 *
 * @param state          open, paused or closed
 * @param staff          the staff signed in, null when closed
 * @param ticket         the ticket it holds (called or in service), or null
 * @param phase          {@link TicketState#CALLED} or {@link TicketState#SERVING} while it holds one, else null
 * @param calledAtMillis when it called its ticket (the last call, recalls not counted)
 * @param startedAtMillis when service started, 0 before
 * @param recalls        recalls of its ticket so far
 * @param priorityStreak priority calls in a row, for the hall's priorityRatio
 */
record WindowSlot(WindowState state, Staff staff, Ticket ticket, TicketState phase, long calledAtMillis,
                  long startedAtMillis, int recalls, int priorityStreak) {

    static final WindowSlot CLOSED = new WindowSlot(WindowState.CLOSED, null, null, null, 0, 0, 0, 0);

    WindowSlot withState(WindowState s, Staff st) {
        return new WindowSlot(s, st, ticket, phase, calledAtMillis, startedAtMillis, recalls, priorityStreak);
    }

    WindowSlot released() {
        return new WindowSlot(state, staff, null, null, 0, 0, 0, priorityStreak);
    }
}
