package io.onewindow.core.metrics;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Durations in milliseconds: an exact count, sum and maximum, and an HdrHistogram for the percentiles. Confined
 * to the thread that holds the {@link HallMetrics} monitor.
 *
 * <p>The histogram has two significant digits (1%), discerns 100 ms, resizes itself to any value (no cap, so
 * a wait of many hours is kept as it is) and is created at the first value, so a window that never serves costs
 * a few fields. Per-minute instances count in {@code int}s, which is plenty for one minute and halves their size.
 */
final class Durations {

    static final long LOWEST_DISCERNIBLE_MILLIS = 100;
    static final int SIGNIFICANT_DIGITS = 2;

    private final boolean intCounts;
    private AbstractHistogram histogram;
    private long count;
    private long sumMillis;
    private long maxMillis;

    Durations(boolean intCounts) {
        this.intCounts = intCounts;
    }

    long count() {
        return count;
    }

    long sumMillis() {
        return sumMillis;
    }

    /** Records one duration; a negative one (a clock that went back) counts as 0. */
    void record(long millis) {
        long v = Math.max(0, millis);
        if (histogram == null) {
            histogram = newHistogram(intCounts);
        }
        histogram.recordValue(v);
        count++;
        sumMillis += v;
        maxMillis = Math.max(maxMillis, v);
    }

    /** Adds every duration of {@code other} to this one. */
    void add(Durations other) {
        if (other.count == 0) {
            return;
        }
        if (histogram == null) {
            histogram = newHistogram(intCounts);
        }
        histogram.add(other.histogram);
        count += other.count;
        sumMillis += other.sumMillis;
        maxMillis = Math.max(maxMillis, other.maxMillis);
    }

    /** Forgets everything; keeps the histogram's memory for the next period. */
    void reset() {
        if (histogram != null) {
            histogram.reset();
        }
        count = 0;
        sumMillis = 0;
        maxMillis = 0;
    }

    TimeStats stats() {
        if (count == 0) {
            return TimeStats.EMPTY;
        }
        return new TimeStats(count, sumMillis / 1000.0 / count, percentileSeconds(50), percentileSeconds(90),
                percentileSeconds(99), maxMillis / 1000.0);
    }

    /** The histogram's value at the percentile (the top of its 1% bucket), never above the exact maximum. */
    private double percentileSeconds(double percentile) {
        return Math.min(histogram.getValueAtPercentile(percentile), maxMillis) / 1000.0;
    }

    private static AbstractHistogram newHistogram(boolean intCounts) {
        AbstractHistogram h = intCounts
                ? new IntCountsHistogram(LOWEST_DISCERNIBLE_MILLIS, 2 * LOWEST_DISCERNIBLE_MILLIS, SIGNIFICANT_DIGITS)
                : new Histogram(LOWEST_DISCERNIBLE_MILLIS, 2 * LOWEST_DISCERNIBLE_MILLIS, SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }
}
