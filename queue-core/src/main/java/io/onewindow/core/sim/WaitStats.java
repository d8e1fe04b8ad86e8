package io.onewindow.core.sim;

import java.util.Arrays;

/**
 * Waiting times of one population of tickets, every one kept (8 bytes a ticket: a simulated year of 1.25 million
 * tickets holds 10 MB), so that means, fractions and percentiles are exact. Confined to one thread; merged after
 * the runs.
 */
final class WaitStats {

    private long[] values = new long[64];
    private int count;
    private long sumMillis;
    private long maxMillis;
    private boolean sorted = true;

    void record(long waitMillis) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        if (count > 0 && waitMillis < values[count - 1]) {
            sorted = false;
        }
        values[count++] = waitMillis;
        sumMillis += waitMillis;
        maxMillis = Math.max(maxMillis, waitMillis);
    }

    void add(WaitStats other) {
        if (other.count == 0) {
            return;
        }
        if (count + other.count > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, count + other.count));
        }
        System.arraycopy(other.values, 0, values, count, other.count);
        count += other.count;
        sumMillis += other.sumMillis;
        maxMillis = Math.max(maxMillis, other.maxMillis);
        sorted = false;
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

    /**
     * The nearest-rank percentile in seconds: the smallest recorded wait that at least {@code percentile} % of
     * the tickets did not exceed; NaN when empty.
     */
    double percentileSeconds(double percentile) {
        if (count == 0) {
            return Double.NaN;
        }
        sort();
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return values[Math.min(count, Math.max(1, rank)) - 1] / 1000.0;
    }

    /** The fraction of tickets that waited longer than {@code millis}; NaN when empty. */
    double fractionAbove(long millis) {
        if (count == 0) {
            return Double.NaN;
        }
        long above = 0;
        for (int i = 0; i < count; i++) {
            if (values[i] > millis) {
                above++;
            }
        }
        return (double) above / count;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, count);
            sorted = true;
        }
    }
}
