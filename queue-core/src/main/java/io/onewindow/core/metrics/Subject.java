package io.onewindow.core.metrics;

/**
 * The figures of one category or one window: today's {@link Tally} and a ring of per-minute tallies for the
 * sliding window. Confined to the thread that holds the {@link HallMetrics} monitor.
 *
 * <p>The ring has {@link HallMetrics#RECENT_MINUTES} slots; the slot of epoch minute {@code m} is
 * {@code m % RECENT_MINUTES} and remembers which minute it holds, so a sample of a newer minute clears the slot
 * it lands in, and a query ignores slots older than its window. Time is the events' (hall) time, so it works the
 * same with a virtual clock; nothing is done on a timer.
 */
final class Subject {

    private final Tally today = new Tally(false);
    private final Tally[] minutes = new Tally[HallMetrics.RECENT_MINUTES];
    private final long[] minuteOf = new long[HallMetrics.RECENT_MINUTES];

    Subject() {
        java.util.Arrays.fill(minuteOf, Long.MIN_VALUE);
    }

    /*
     * Each of these applies one change to today's tally and to the tally of the event's minute. Methods rather
     * than one taking a lambda: a capturing lambda per event would allocate on the hall's hot path whenever the
     * JIT does not inline it away.
     */

    void issued(long epochMinute) {
        today.issued++;
        minute(epochMinute).issued++;
    }

    void waited(long epochMinute, long waitMillis) {
        today.wait.record(waitMillis);
        minute(epochMinute).wait.record(waitMillis);
    }

    /** A completed service; {@code handlingMillis} negative when its start is unknown. */
    void served(long epochMinute, long handlingMillis) {
        served(today, handlingMillis);
        served(minute(epochMinute), handlingMillis);
    }

    private static void served(Tally t, long handlingMillis) {
        t.served++;
        if (handlingMillis >= 0) {
            t.handling.record(handlingMillis);
        }
    }

    void cycle(long epochMinute, long cycleMillis) {
        today.recordCycle(cycleMillis);
        minute(epochMinute).recordCycle(cycleMillis);
    }

    void noShow(long epochMinute) {
        today.noShows++;
        minute(epochMinute).noShows++;
    }

    void transfer(long epochMinute) {
        today.transfers++;
        minute(epochMinute).transfers++;
    }

    Tally today() {
        return today;
    }

    void resetToday() {
        today.reset();
    }

    /** The sum of the minutes {@code nowMinute - RECENT_MINUTES + 1} and later, into a new tally. */
    Tally recent(long nowMinute) {
        Tally sum = new Tally(false);
        long from = nowMinute - HallMetrics.RECENT_MINUTES + 1;
        for (int i = 0; i < minutes.length; i++) {
            if (minutes[i] != null && minuteOf[i] >= from) {
                sum.add(minutes[i]);
            }
        }
        return sum;
    }

    /** The service cycles of the recent minutes: {count, sum of millis}; cheaper than {@link #recent}. */
    long[] recentCycles(long nowMinute) {
        long from = nowMinute - HallMetrics.RECENT_MINUTES + 1;
        long n = 0;
        long sum = 0;
        for (int i = 0; i < minutes.length; i++) {
            if (minutes[i] != null && minuteOf[i] >= from) {
                n += minutes[i].cycles;
                sum += minutes[i].cycleMillis;
            }
        }
        return new long[] {n, sum};
    }

    private Tally minute(long epochMinute) {
        int i = (int) Math.floorMod(epochMinute, (long) HallMetrics.RECENT_MINUTES);
        Tally t = minutes[i];
        if (t == null) {
            t = new Tally(true);
            minutes[i] = t;
            minuteOf[i] = epochMinute;
        } else if (minuteOf[i] != epochMinute) {
            t.reset(); // the slot held a minute at least RECENT_MINUTES old: events never go back in time
            minuteOf[i] = epochMinute;
        }
        return t;
    }
}
