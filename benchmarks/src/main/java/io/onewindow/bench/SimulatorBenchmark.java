package io.onewindow.bench;

import io.onewindow.core.sim.SimulationConfig;
import io.onewindow.core.sim.SimulationReport;
import io.onewindow.core.sim.Simulator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A simulated year of one busy hall: 250 days (runs) of 08:30 to 17:00, about 5,000 tickets a day (588 an hour:
 * 户籍 A 294 of which 15 green, 出入境 B 176, 车驾管 C 118), served by 64 windows (24 universal, 16 A-then-B,
 * 16 B-then-A, 8 C-then-A/B) at about 89 % utilization. One invocation is the whole year, single-threaded, through
 * the production dispatcher; {@code eta} says whether the hall's wait estimator (HallMetrics) is asked at every
 * issue and fed every event, as {@code simulate} does by default.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SimulatorBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SimulatorBenchmark {

    static final int DAYS = 250;

    @Param({"true", "false"})
    public boolean eta;

    private SimulationConfig config;

    @Setup
    public void setUp() {
        config = SimulationConfig.parse(busyHallYear(DAYS, eta));
    }

    @Benchmark
    public SimulationReport year() {
        return new Simulator().run(config);
    }

    /** The config of the benchmark: a busy hall, {@code days} runs of one day each. */
    public static String busyHallYear(int days, boolean eta) {
        StringBuilder windows = new StringBuilder();
        for (int w = 1; w <= 64; w++) {
            String profile;
            if (w <= 24) {
                profile = "\"primary\":[\"*\"]";
            } else if (w <= 40) {
                profile = "\"primary\":[\"A\"],\"secondary\":[\"B\"]";
            } else if (w <= 56) {
                profile = "\"primary\":[\"B\"],\"secondary\":[\"A\"]";
            } else {
                profile = "\"primary\":[\"C\"],\"secondary\":[\"A\",\"B\"]";
            }
            windows.append(w > 1 ? "," : "").append("{\"id\":\"").append(w).append("\",\"name\":\"").append(w)
                    .append("号窗口\",").append(profile).append('}');
        }
        return """
                {"hall":{"id":"busy","name":"市民中心","timezone":"Asia/Shanghai","open":"08:30","close":"17:00",
                         "maxWaitMinutes":30,"priorityRatio":3,
                         "categories":[{"code":"A","name":"户籍","prefix":"A"},{"code":"B","name":"出入境","prefix":"B"},
                                       {"code":"C","name":"车驾管","prefix":"C"}],
                         "windows":[%s]},
                 "arrivals":[{"category":"A","perHour":279},{"category":"A","priority":"GREEN","perHour":15},
                             {"category":"B","perHour":176},{"category":"C","perHour":118}],
                 "service":{"A":{"distribution":"exponential","meanSeconds":300},
                            "B":{"distribution":"lognormal","meanSeconds":420,"sdSeconds":200},
                            "C":{"distribution":"lognormal","meanSeconds":360,"sdSeconds":180}},
                 "hours":8.5,"runs":%d,"seed":2026,"eta":%s}
                """.formatted(windows, days, eta);
    }

    /**
     * One timed year without JMH:
     * {@code java -cp benchmarks/target/benchmarks.jar io.onewindow.bench.SimulatorBenchmark [true|false]}.
     */
    public static void main(String[] args) {
        boolean withEta = args.length == 0 || Boolean.parseBoolean(args[0]);
        SimulationConfig c = SimulationConfig.parse(busyHallYear(DAYS, withEta));
        long t0 = System.nanoTime();
        SimulationReport r = new Simulator().run(c);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long served = r.categories().values().stream().mapToLong(SimulationReport.CategoryReport::served).sum();
        System.out.printf("year of %d days, eta=%s: %d tickets served in %.2f s (%.2f us a ticket)%n", DAYS, withEta,
                served, seconds, seconds * 1e6 / served);
        System.out.println(r.toJson());
    }
}
