package io.onewindow.core.sim;

import org.HdrHistogram.Histogram;

/**
 * Waiting times of one population of tickets: exact count, sum and maximum, and an HdrHistogram (3 significant
 * digits) for the percentiles. Confined to one thread; merged after the runs.
 */
final class WaitStats {

    private long count;
    private long sumMillis;
    private long maxMillis;
    private final Histogram histogram = new Histogram(3);

    void record(long waitMillis) {
        count++;
        sumMillis += waitMillis;
        maxMillis = Math.max(maxMillis, waitMillis);
        histogram.recordValue(waitMillis);
    }

    void add(WaitStats other) {
        count += other.count;
        sumMillis += other.sumMillis;
        maxMillis = Math.max(maxMillis, other.maxMillis);
        histogram.add(other.histogram);
    }

    long count() {
        return count;
    }

    /** The mean wait in seconds; NaN when nothing was recorded. */
    double meanSeconds() {
        return count == 0 ? Double.NaN : sumMillis / 1000.0 / count;
    }

    double maxSeconds() {
        return count == 0 ? Double.NaN : maxMillis / 1000.0;
    }

    /** The wait at or below which {@code percentile} % of the tickets waited, in seconds; NaN when empty. */
    double percentileSeconds(double percentile) {
        return count == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The fraction of tickets that waited longer than {@code millis} (to the histogram's 0.1 % resolution). */
    double fractionAbove(long millis) {
        if (count == 0) {
            return Double.NaN;
        }
        long atMost = histogram.getCountBetweenValues(0, millis);
        return (double) (count - atMost) / count;
    }
}
