package io.onewindow.core;

import java.util.Objects;

/**
 * A request for a ticket. Immutable.
 *
 * @param category      the category's code (required)
 * @param priority      the class asked for; null for NORMAL. A citizen of 60 or more, as read from the ID number,
 *                      gets GREEN whatever is asked
 * @param channel       where it was taken; null for KIOSK
 * @param idNumber      the citizen's resident ID number, or null. It is read for the age and hashed for the
 *                      one-waiting-ticket rule, then dropped: no event, state or log ever holds it
 * @param appointmentId the appointment checked in with, or null
 * @param trackToken    the unguessable token of the ticket's phone link, or null
 */
public record IssueRequest(String category, Priority priority, Channel channel, String idNumber,
                           String appointmentId, String trackToken) {

    public IssueRequest {
        Objects.requireNonNull(category, "category");
        if (priority == null) {
            priority = Priority.NORMAL;
        }
        if (channel == null) {
            channel = Channel.KIOSK;
        }
    }

    /** A normal kiosk ticket of the category. */
    public static IssueRequest of(String category) {
        return new IssueRequest(category, Priority.NORMAL, Channel.KIOSK, null, null, null);
    }

    /** A kiosk ticket of the category and class. */
    public static IssueRequest of(String category, Priority priority) {
        return new IssueRequest(category, priority, Channel.KIOSK, null, null, null);
    }

    @Override
    public String toString() {
        return "IssueRequest[category=" + category + ", priority=" + priority + ", channel=" + channel
                + ", idNumber=" + (idNumber == null ? "none" : "given") + "]";
    }
}
