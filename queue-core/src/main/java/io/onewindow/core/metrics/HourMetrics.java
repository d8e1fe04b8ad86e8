package io.onewindow.core.metrics;

/**
 * What the whole hall did in one hour of today. Immutable.
 *
 * @param hour    the hour since the hall's local midnight, 0 to 23 (9 is 09:00 to 10:00)
 * @param issued  tickets issued in the hour
 * @param metrics the waits of the tickets first called in the hour, the services completed and the no-shows in it
 */
public record HourMetrics(int hour, long issued, PeriodMetrics metrics) {
}
