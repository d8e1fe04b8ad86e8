package io.onewindow.core.metrics;

/**
 * The figures of one category (事项类别) at one moment. Immutable.
 *
 * @param code                     the category's code
 * @param name                     its name
 * @param waiting                  tickets waiting in it now
 * @param longestCurrentWaitSeconds now - issue time of its longest-waiting ticket that was never called (a
 *                                 reinstated or transferred ticket has had its wait already), 0 when none
 * @param issuedToday              tickets issued in it since the hall's local midnight
 * @param today                    since the hall's local midnight
 * @param last15Minutes            over the last 15 minutes of hall time
 */
public record CategoryMetrics(String code, String name, int waiting, long longestCurrentWaitSeconds,
                              long issuedToday, PeriodMetrics today, PeriodMetrics last15Minutes) {
}
