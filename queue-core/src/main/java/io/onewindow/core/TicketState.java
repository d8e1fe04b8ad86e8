package io.onewindow.core;

/**
 * The states of a ticket. Immutable.
 *
 * <pre>
 * WAITING -> CALLED -> SERVING -> COMPLETED
 * CALLED  -> CALLED (recall, count+1) -> NO_SHOW     (past the recall limit, or by staff)
 * NO_SHOW -> WAITING   (reinstated: 过号重排, placed after K waiting tickets)
 * CALLED|SERVING -> WAITING in another category     (transfer, keeps its queue time)
 * WAITING -> CANCELLED (citizen)     WAITING -> EXPIRED (day closes)
 * </pre>
 */
public enum TicketState {
    WAITING,
    CALLED,
    SERVING,
    COMPLETED,
    NO_SHOW,
    CANCELLED,
    EXPIRED;

    /** Whether the ticket has left the hall for good. */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == EXPIRED;
    }
}
