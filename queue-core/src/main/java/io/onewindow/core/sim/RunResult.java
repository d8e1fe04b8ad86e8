package io.onewindow.core.sim;

import io.onewindow.core.Priority;

/**
 * What one simulation run measured about the tickets it counts (those issued in its counting stretch). Confined
 * to the thread that ran it, then read-only.
 */
final class RunResult {

    /** Per category index: waits of the counted tickets that were served. */
    final WaitStats[] waits;
    /** Per category index and {@link Priority} ordinal. */
    final WaitStats[][] waitsByPriority;
    /** Per category index: counted tickets issued, refused at issue, marked no-show, never called. */
    final long[] issued;
    final long[] refused;
    final long[] noShows;
    final long[] unserved;
    /** Per category index: counted bookings (slot in the counting stretch), those not come, checked in, late. */
    final long[] booked;
    final long[] bookingNoShows;
    final long[] checkedIn;
    final long[] lateCheckIns;
    /** Per window index: busy time inside the counting stretch, counted tickets served. */
    final long[] busyMillis;
    final long[] served;
    /** Per window index: time open inside the counting stretch. */
    final long[] openMillis;
    /** The length of the counting stretch. */
    final long measuredMillis;
    double etaAbsErrorSumSeconds;
    double etaErrorSumSeconds;
    /** The same for the queue model's figure before calibration (the estimate the hall gave before its range). */
    double etaModelAbsErrorSumSeconds;
    /** The widths of the ranges given, and the waits that fell below or above their range. */
    double etaRangeSumSeconds;
    long etaBelowRange;
    long etaAboveRange;
    long etaSamples;
    /** How long after arrivals stopped the last event happened: the time to serve the line left at the end. */
    long drainMillis;

    RunResult(int categories, int windows, long measuredMillis) {
        int priorities = Priority.values().length;
        this.waits = new WaitStats[categories];
        this.waitsByPriority = new WaitStats[categories][priorities];
        for (int c = 0; c < categories; c++) {
            waits[c] = new WaitStats();
            for (int p = 0; p < priorities; p++) {
                waitsByPriority[c][p] = new WaitStats();
            }
        }
        this.issued = new long[categories];
        this.refused = new long[categories];
        this.noShows = new long[categories];
        this.unserved = new long[categories];
        this.booked = new long[categories];
        this.bookingNoShows = new long[categories];
        this.checkedIn = new long[categories];
        this.lateCheckIns = new long[categories];
        this.busyMillis = new long[windows];
        this.served = new long[windows];
        this.openMillis = new long[windows];
        this.measuredMillis = measuredMillis;
    }
}
