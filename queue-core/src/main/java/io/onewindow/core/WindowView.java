package io.onewindow.core;

/**
 * A window as it stands. Immutable.
 *
 * @param ticket      the ticket it holds, or null
 * @param ticketState CALLED or SERVING while it holds one, else null
 */
public record WindowView(WindowDefinition definition, WindowState state, Staff staff, Ticket ticket,
                         TicketState ticketState, long calledAtMillis, long startedAtMillis, int recalls) {
}
