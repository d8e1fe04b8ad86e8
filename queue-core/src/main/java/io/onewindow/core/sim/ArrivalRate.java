package io.onewindow.core.sim;

import io.onewindow.core.Priority;
import java.util.Objects;

/**
 * Poisson arrivals of one category and priority class. Immutable.
 *
 * @param category the category's code
 * @param priority the class the tickets are issued with
 * @param perHour  the mean number of arrivals per hour, {@code >= 0}
 */
public record ArrivalRate(String category, Priority priority, double perHour) {
    public ArrivalRate {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(priority, "priority");
        if (!(perHour >= 0) || Double.isInfinite(perHour)) {
            throw new IllegalArgumentException("perHour must be >= 0, was " + perHour);
        }
    }
}
