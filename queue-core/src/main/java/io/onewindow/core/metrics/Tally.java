package io.onewindow.core.metrics;

/**
 * What a category or a window did in one period: waits, handling times, counts, and the window time its tickets
 * took (the service cycle the wait estimate uses). Confined to the thread that holds the {@link HallMetrics}
 * monitor.
 */
final class Tally {

    final Durations wait;
    final Durations handling;
    long issued;
    long served;
    long noShows;
    long transfers;
    /** Tickets that left a window (completed, no-show, transferred) and the window time they took, call to exit. */
    long cycles;
    long cycleMillis;

    Tally(boolean intCounts) {
        wait = new Durations(intCounts);
        handling = new Durations(intCounts);
    }

    void recordCycle(long millis) {
        cycles++;
        cycleMillis += Math.max(0, millis);
    }

    void add(Tally other) {
        wait.add(other.wait);
        handling.add(other.handling);
        issued += other.issued;
        served += other.served;
        noShows += other.noShows;
        transfers += other.transfers;
        cycles += other.cycles;
        cycleMillis += other.cycleMillis;
    }

    void reset() {
        wait.reset();
        handling.reset();
        issued = 0;
        served = 0;
        noShows = 0;
        transfers = 0;
        cycles = 0;
        cycleMillis = 0;
    }

    PeriodMetrics metrics() {
        return new PeriodMetrics(wait.stats(), handling.stats(), served, noShows, transfers);
    }
}
