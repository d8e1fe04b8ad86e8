package io.onewindow.evaluator;

import java.util.Objects;

/**
 * A finished service, as the hall's {@code ServiceCompleted} event told it: the evaluation it opens (一次一评).
 * Immutable.
 *
 * @param serviceId        issued by the gateway: {@code <hall>.<seq>} of the ServiceCompleted event
 * @param hall             the hall id
 * @param seq              the hall's sequence number of the event
 * @param ticketId         the ticket served
 * @param number           its display number (A001)
 * @param category         the matter (事项类别) it was served for
 * @param window           the window that served
 * @param staffId          the staff member signed in at that window
 * @param staffName        the staff member's full name (shown masked)
 * @param completedAtMillis when the service completed
 * @param linkKey          SHA-256 (lowercase hex) of the ticket's phone link, or null without one
 */
public record ServiceRecord(String serviceId, String hall, long seq, long ticketId, String number,
                            String category, String window, String staffId, String staffName,
                            long completedAtMillis, String linkKey) {

    public ServiceRecord {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(hall, "hall");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(window, "window");
    }

    /** The service id of the hall's event {@code seq}. */
    public static String serviceId(String hall, long seq) {
        return hall + "." + seq;
    }
}
