package io.onewindow.display.http;

import io.onewindow.core.Refusal;

/**
 * The one mapping from the core's refusals to HTTP statuses. Immutable (static).
 *
 * <pre>
 * NOBODY_WAITING                                   204 (call-next: nobody waits for this window)
 * UNKNOWN_CATEGORY UNKNOWN_WINDOW UNKNOWN_TICKET   404
 * BAD_ID_NUMBER BAD_REQUEST SAME_CATEGORY          400 (the input is wrong whatever the hall's state)
 * WINDOW_BUSY WINDOW_NOT_OPEN NO_CURRENT_TICKET
 * WRONG_STATE DUPLICATE_TICKET DAILY_CAP_REACHED
 * OUTSIDE_ISSUE_HOURS                              409 (right input, wrong moment: the hall's state refuses it)
 * </pre>
 * A refusal changes nothing, so every status here is safe to retry once the state allows.
 */
public final class RefusalStatus {

    private RefusalStatus() {
    }

    public static int of(Refusal.Code code) {
        return switch (code) {
            case NOBODY_WAITING -> 204;
            case UNKNOWN_CATEGORY, UNKNOWN_WINDOW, UNKNOWN_TICKET, UNKNOWN_APPOINTMENT -> 404;
            case BAD_ID_NUMBER, BAD_REQUEST, SAME_CATEGORY, BAD_SLOT, BAD_PHONE -> 400;
            case BOOKING_BLOCKED -> 403;
            case WINDOW_BUSY, WINDOW_NOT_OPEN, NO_CURRENT_TICKET, WRONG_STATE, DUPLICATE_TICKET,
                    DAILY_CAP_REACHED, OUTSIDE_ISSUE_HOURS, SLOT_FULL, ALREADY_BOOKED, BOOKING_LIMIT_REACHED,
                    NOT_BOOKED, TOO_EARLY, TOO_LATE -> 409;
        };
    }

    /** The refusal as the exception the failure handler answers. */
    public static ApiException toException(Refusal r) {
        return new ApiException(of(r.code()), r.code().name(), r.message());
    }
}
