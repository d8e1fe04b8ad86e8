package io.onewindow.core;

/**
 * A ticket as someone asking about it sees it now. Immutable.
 *
 * @param position         1 for the next of its category, 0 when not waiting (clock-free: class, then queue order)
 * @param window           the window holding or that held it, or null
 * @param calledAtMillis   the last call, 0 if none
 * @param startedAtMillis  service start, 0 if none
 * @param finishedAtMillis when it left the hall (completed, cancelled, expired), 0 while live
 * @param recalls          recalls at its window
 */
public record TicketView(Ticket ticket, TicketState state, String window, int position, long calledAtMillis,
                         long startedAtMillis, long finishedAtMillis, int recalls) {
}
