package io.onewindow.core.sim;

import io.onewindow.core.HallDefinition;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Finds the fewest open windows for each stretch of an arrival profile that keep the target percentile of
 * waits under the target ("how many windows at 9:00 keep 90 % of waits under 15 minutes?"). Immutable;
 * thread-safe.
 *
 * <p>The search goes stretch by stretch, in time order, with the queue carried over: to try {@code n} windows
 * in stretch {@code h}, each run replays the day from the first stretch with the staffing already chosen for
 * the stretches before {@code h} (so the line left at the end of one stretch is the start of the next), opens the
 * first {@code n} windows of the opening order during {@code h}, stops arrivals at the end of {@code h}, and
 * keeps those {@code n} windows serving until every ticket issued in {@code h} has been called. The waits of the
 * tickets issued in {@code h}, pooled over the runs, must meet the target in every category (with none left
 * uncalled); the first {@code n = 1, 2, ...} that does is chosen. Every candidate sees the same citizens with the
 * same needs (run {@code r} always uses the same random seed), so candidates differ only by their staffing.
 *
 * <p>What the drain leaves out: tickets of the next stretch, which would delay a stretch's late NORMAL tickets
 * only by jumping ahead as GREEN ones; under one class in FCFS the waits are exact.
 */
public final class CapacityPlanner {

    private final int parallelism;

    /** Runs the runs of each candidate on every core. */
    public CapacityPlanner() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param parallelism how many runs may run at once, {@code >= 1}; the plan does not depend on it */
    public CapacityPlanner(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    public StaffingPlan plan(PlannerConfig config) {
        HallDefinition hall = config.hall();
        ZoneId zone = hall.zone();
        int stretches = config.hours().size();
        long[] from = new long[stretches + 1];
        for (int h = 0; h < stretches; h++) {
            from[h] = millis(config, config.hours().get(h), zone);
        }
        from[stretches] = millis(config, config.until(), zone);
        SplittableRandom root = new SplittableRandom(config.seed());
        long[] runSeeds = new long[config.runs()];
        for (int r = 0; r < runSeeds.length; r++) {
            runSeeds[r] = root.nextLong();
        }
        int maxWindows = config.openOrder().size();
        int[] chosen = new int[stretches];
        List<StaffingPlan.Stretch> out = new ArrayList<>();
        double windowHours = 0;
        for (int h = 0; h < stretches; h++) {
            StaffingPlan.Stretch best = null;
            StaffingPlan.Stretch fewer = null;
            for (int n = 1; n <= maxWindows; n++) {
                chosen[h] = n;
                StaffingPlan.Stretch s = evaluate(config, from, chosen, h, runSeeds);
                if (s.met() || n == maxWindows) {
                    best = s.withOneFewer(fewer);
                    break;
                }
                fewer = s;
            }
            out.add(best);
            windowHours += best.windows() * (from[h + 1] - from[h]) / 3_600_000.0;
        }
        return new StaffingPlan(config.percentile(), config.maxWaitMinutes(), config.runs(), config.seed(), out,
                windowHours);
    }

    private StaffingPlan.Stretch evaluate(PlannerConfig config, long[] from, int[] chosen, int h,
                                                 long[] runSeeds) {
        HallDefinition hall = config.hall();
        List<HallSimulation.Segment> segments = new ArrayList<>();
        for (int i = 0; i <= h; i++) {
            segments.add(new HallSimulation.Segment(from[i], config.perHour().get(i), chosen[i]));
        }
        HallSimulation sim = new HallSimulation(hall, config.streams(), config.service(), segments,
                config.openOrder(), from[h + 1], from[h], from[h + 1], config.noShowRate(),
                Math.round(config.noShowSeconds() * 1000));
        int categories = hall.categories().size();
        WaitStats[] waits = new WaitStats[categories];
        long[] unserved = new long[categories];
        for (int c = 0; c < categories; c++) {
            waits[c] = new WaitStats();
        }
        long busy = 0;
        long open = 0;
        List<Callable<RunResult>> tasks = new ArrayList<>(runSeeds.length);
        for (long seed : runSeeds) {
            tasks.add(() -> sim.run(new SplittableRandom(seed), null));
        }
        for (RunResult r : Runs.all(tasks, parallelism)) {
            for (int c = 0; c < categories; c++) {
                waits[c].add(r.waits[c]);
                unserved[c] += r.unserved[c];
            }
            for (int w = 0; w < r.busyMillis.length; w++) {
                busy += r.busyMillis[w];
                open += r.openMillis[w];
            }
        }
        double[] rates = config.perHour().get(h);
        double limitSeconds = config.maxWaitMinutes() * 60;
        boolean met = true;
        Map<String, StaffingPlan.Achieved> achieved = new LinkedHashMap<>();
        for (int c = 0; c < categories; c++) {
            String code = hall.categories().get(c).code();
            double rate = 0;
            for (int s = 0; s < rates.length; s++) {
                if (config.streams().get(s).category().equals(code)) {
                    rate += rates[s];
                }
            }
            if (rate == 0 && waits[c].count() == 0 && unserved[c] == 0) {
                continue;
            }
            double pct = waits[c].percentileSeconds(config.percentile());
            if (unserved[c] > 0 || (waits[c].count() > 0 && pct > limitSeconds)) {
                met = false;
            }
            achieved.put(code, new StaffingPlan.Achieved(rate, waits[c].count(), unserved[c],
                    waits[c].meanSeconds(), pct));
        }
        int n = chosen[h];
        return new StaffingPlan.Stretch(config.hours().get(h), toLocal(config, from[h + 1]), n,
                config.openOrder().subList(0, n), met, open == 0 ? 0 : (double) busy / open, achieved, null);
    }

    private static long millis(PlannerConfig config, LocalTime t, ZoneId zone) {
        return config.date().atTime(t).atZone(zone).toInstant().toEpochMilli();
    }

    private static LocalTime toLocal(PlannerConfig config, long millis) {
        return java.time.Instant.ofEpochMilli(millis).atZone(config.hall().zone()).toLocalTime();
    }
}
