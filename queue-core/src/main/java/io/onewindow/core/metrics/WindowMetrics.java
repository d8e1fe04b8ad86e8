package io.onewindow.core.metrics;

/**
 * The figures of one window (窗口) at one moment. Immutable.
 *
 * @param id            the window's id
 * @param name          its display name
 * @param today         since the hall's local midnight; its waits are those of the tickets it called first
 * @param last15Minutes over the last 15 minutes of hall time
 */
public record WindowMetrics(String id, String name, PeriodMetrics today, PeriodMetrics last15Minutes) {
}
