package io.onewindow.core.sim;

import io.onewindow.core.HallDefinition;
import io.onewindow.core.Priority;
import io.onewindow.core.WindowDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs a {@link SimulationConfig}: its runs, each a {@link HallSimulation} of the hall over the production
 * dispatcher, and pools them into a {@link SimulationReport}. Immutable; thread-safe.
 *
 * <p>Reproducible: run {@code i} draws from the {@code i}-th {@link SplittableRandom#split() split} of a
 * {@code SplittableRandom(seed)}, taken in order before any run starts, and the results are pooled in run order;
 * so the same config and seed give the same report, byte for byte, whatever the parallelism.
 *
 * <p>Runs are independent, so up to {@code parallelism} of them run at once, each confined to one worker
 * thread with its own dispatcher, clock and estimator.
 */
public final class Simulator {

    private final Function<HallDefinition, WaitEstimator> estimators;
    private final int parallelism;

    /** Measures the ETA error of the hall's own estimator ({@link WaitEstimator#hallMetrics}), on every core. */
    public Simulator() {
        this(WaitEstimator::hallMetrics, Runtime.getRuntime().availableProcessors());
    }

    /** @param estimators makes a fresh estimator for each run, or null to measure no ETA error; one thread */
    public Simulator(Function<HallDefinition, WaitEstimator> estimators) {
        this(estimators, 1);
    }

    /**
     * @param estimators  makes a fresh estimator for each run, called on the thread of the run as it starts (so
     *                    from several threads at once when {@code parallelism > 1}), or null to measure no ETA
     *                    error
     * @param parallelism how many runs may run at once, {@code >= 1}
     */
    public Simulator(Function<HallDefinition, WaitEstimator> estimators, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        this.estimators = estimators;
        this.parallelism = parallelism;
    }

    public SimulationReport run(SimulationConfig config) {
        return report(config, runs(config));
    }

    /** The runs' own results, in run order: for the tests that treat runs as independent replications. */
    List<RunResult> runs(SimulationConfig config) {
        HallSimulation sim = simulation(config);
        SplittableRandom root = new SplittableRandom(config.seed());
        List<Callable<RunResult>> tasks = new ArrayList<>(config.runs());
        for (int i = 0; i < config.runs(); i++) {
            SplittableRandom random = root.split();
            boolean eta = config.eta() && estimators != null;
            // made when the run starts, on its thread: a year of runs must not hold a year of estimators at once
            tasks.add(() -> sim.run(random, eta ? estimators.apply(config.hall()) : null));
        }
        return Runs.all(tasks, parallelism);
    }

    static HallSimulation simulation(SimulationConfig config) {
        HallDefinition hall = config.hall();
        long start = config.date().atTime(config.start()).atZone(hall.zone()).toInstant().toEpochMilli();
        long warmupEnd = start + Math.round(config.warmupHours() * 3_600_000);
        long end = start + Math.round(config.hours() * 3_600_000);
        double[] rates = new double[config.arrivals().size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = config.arrivals().get(i).perHour();
        }
        List<String> windows = hall.windows().stream().map(WindowDefinition::id).toList();
        return new HallSimulation(hall, config.arrivals(), config.service(),
                List.of(new HallSimulation.Segment(start, rates, windows.size())), windows, end, warmupEnd, end,
                config.noShowRate(), Math.round(config.noShowSeconds() * 1000), config.appointments());
    }

    static SimulationReport report(SimulationConfig config, List<RunResult> runs) {
        Objects.requireNonNull(runs, "runs");
        HallDefinition hall = config.hall();
        Map<String, SimulationReport.CategoryReport> categories = new LinkedHashMap<>();
        double[] runMeans = new double[runs.size()];
        for (int c = 0; c < hall.categories().size(); c++) {
            String code = hall.categories().get(c).code();
            List<Priority> priorities = new ArrayList<>();
            boolean booked = config.appointments() != null && config.appointments().perSlot().containsKey(code);
            for (Priority p : Priority.values()) {
                for (ArrivalRate a : config.arrivals()) {
                    if (a.category().equals(code) && a.priority() == p && !priorities.contains(p)) {
                        priorities.add(p);
                    }
                }
                // booked citizens hold APPOINTMENT tickets, or NORMAL ones when late
                if (booked && p != Priority.GREEN && !priorities.contains(p)) {
                    priorities.add(p);
                }
            }
            if (priorities.isEmpty()) {
                continue;
            }
            WaitStats all = new WaitStats();
            WaitStats[] byPriority = new WaitStats[Priority.values().length];
            for (int p = 0; p < byPriority.length; p++) {
                byPriority[p] = new WaitStats();
            }
            long noShows = 0;
            long refused = 0;
            long unserved = 0;
            int withServed = 0;
            for (RunResult r : runs) {
                all.add(r.waits[c]);
                for (int p = 0; p < byPriority.length; p++) {
                    byPriority[p].add(r.waitsByPriority[c][p]);
                }
                noShows += r.noShows[c];
                refused += r.refused[c];
                unserved += r.unserved[c];
                if (r.waits[c].count() > 0) {
                    runMeans[withServed++] = r.waits[c].meanSeconds();
                }
            }
            Map<String, SimulationReport.PriorityReport> bp = new LinkedHashMap<>();
            for (Priority p : priorities) {
                WaitStats s = byPriority[p.ordinal()];
                bp.put(p.name(), new SimulationReport.PriorityReport(s.count(), s.meanSeconds(),
                        s.percentileSeconds(90)));
            }
            categories.put(code, new SimulationReport.CategoryReport(all.count(), all.meanSeconds(),
                    StudentT.halfWidth95(runMeans, withServed), all.percentileSeconds(50),
                    all.percentileSeconds(90), all.percentileSeconds(99), all.maxSeconds(), noShows, refused,
                    unserved, bp));
        }
        Map<String, SimulationReport.WindowReport> windows = new LinkedHashMap<>();
        for (int w = 0; w < hall.windows().size(); w++) {
            long busy = 0;
            long measured = 0;
            long served = 0;
            for (RunResult r : runs) {
                busy += r.busyMillis[w];
                measured += r.measuredMillis;
                served += r.served[w];
            }
            windows.put(hall.windows().get(w).id(),
                    new SimulationReport.WindowReport(measured == 0 ? 0 : (double) busy / measured, served));
        }
        SimulationReport.EtaReport eta = null;
        long samples = 0;
        double abs = 0;
        double signed = 0;
        double modelAbs = 0;
        double range = 0;
        long below = 0;
        long above = 0;
        for (RunResult r : runs) {
            samples += r.etaSamples;
            abs += r.etaAbsErrorSumSeconds;
            signed += r.etaErrorSumSeconds;
            modelAbs += r.etaModelAbsErrorSumSeconds;
            range += r.etaRangeSumSeconds;
            below += r.etaBelowRange;
            above += r.etaAboveRange;
        }
        if (samples > 0) {
            double n = samples;
            eta = new SimulationReport.EtaReport(abs / n, signed / n, samples, (samples - below - above) / n,
                    below / n, above / n, range / n, modelAbs / n);
        }
        Map<String, SimulationReport.AppointmentReport> appointments = new LinkedHashMap<>();
        if (config.appointments() != null) {
            for (int c = 0; c < hall.categories().size(); c++) {
                String code = hall.categories().get(c).code();
                if (!config.appointments().perSlot().containsKey(code)) {
                    continue;
                }
                long bookedPlaces = 0;
                long notCome = 0;
                long in = 0;
                long late = 0;
                for (RunResult r : runs) {
                    bookedPlaces += r.booked[c];
                    notCome += r.bookingNoShows[c];
                    in += r.checkedIn[c];
                    late += r.lateCheckIns[c];
                }
                appointments.put(code, new SimulationReport.AppointmentReport(bookedPlaces, notCome, in, late));
            }
        }
        return new SimulationReport(config.runs(), config.hours(), config.warmupHours(), config.seed(), categories,
                windows, eta, appointments);
    }
}
