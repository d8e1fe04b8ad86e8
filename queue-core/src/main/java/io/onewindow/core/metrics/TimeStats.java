package io.onewindow.core.metrics;

/**
 * A summary of durations (waits or handling times) over one period, in seconds. Immutable.
 *
 * <p>The mean and the maximum are exact (to the millisecond); the percentiles come from an HdrHistogram with two
 * significant digits, so they are within 1% of the true value (and never above the maximum). Example: one wait
 * of 300 s and one of 600 s give count 2, mean 450.0, p50 300.0, p90 600.0 (within 1%), max 600.0.
 *
 * @param count       how many durations were recorded
 * @param meanSeconds their mean, 0 when none
 * @param p50Seconds  the median, 0 when none
 * @param p90Seconds  the 90th percentile, 0 when none
 * @param p99Seconds  the 99th percentile, 0 when none
 * @param maxSeconds  the longest, 0 when none
 */
public record TimeStats(long count, double meanSeconds, double p50Seconds, double p90Seconds, double p99Seconds,
                        double maxSeconds) {

    /** No durations. */
    public static final TimeStats EMPTY = new TimeStats(0, 0, 0, 0, 0, 0);
}
