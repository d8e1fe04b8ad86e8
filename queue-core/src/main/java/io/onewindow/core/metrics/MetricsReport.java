package io.onewindow.core.metrics;

import java.time.LocalDate;
import java.util.Map;

/**
 * The wait and handling figures of a hall at one moment, as {@code GET /api/v1/halls/{hall}/metrics} serves them.
 * Immutable: the maps are unmodifiable and keep the order of the hall definition.
 *
 * @param hall       the hall's id
 * @param atMillis   the moment of the report (epoch millis, hall time)
 * @param day        the hall's local date at that moment: the day "today" covers
 * @param categories by category code
 * @param windows    by window id
 */
public record MetricsReport(String hall, long atMillis, LocalDate day, Map<String, CategoryMetrics> categories,
                            Map<String, WindowMetrics> windows) {
}
