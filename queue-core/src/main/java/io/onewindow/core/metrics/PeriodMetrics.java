package io.onewindow.core.metrics;

/**
 * What happened at a category or a window in one period ("today" or "the last 15 minutes"). Immutable.
 *
 * @param waitTime     first call - issue, of the tickets first called in the period (a recall, a reinstatement or
 *                     a transfer does not count a ticket again)
 * @param handlingTime completion - start, of the services completed in the period
 * @param served       services completed
 * @param noShows      tickets marked no-show (过号)
 * @param transfers    tickets transferred away: for a category, out of it; for a window, by it
 */
public record PeriodMetrics(TimeStats waitTime, TimeStats handlingTime, long served, long noShows, long transfers) {

    /** Nothing happened. */
    public static final PeriodMetrics EMPTY = new PeriodMetrics(TimeStats.EMPTY, TimeStats.EMPTY, 0, 0, 0);
}
