package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The simulator, driving the production dispatcher, against queueing theory: Erlang C for M/M/c and Cobham's
 * formula for non-preemptive priority classes; Pollaczek-Khinchine for one window with lognormal service.
 *
 * <p><b>Tolerance.</b> Each run is an independent replication (its own split of the seed, its own warm-up), so
 * its mean is one observation; with R = 20 runs the mean of the R run means x has the 99.9 % confidence interval
 * x +- t(0.9995, 19) s / sqrt(R), t(0.9995, 19) = 3.883, s the standard deviation across runs. A check passes
 * when the theoretical value lies inside that interval; a correct simulator fails one given check with
 * probability 0.1 %, one of all twelve with at most about 1.2 % (for a random seed; the seed here is fixed, so the
 * outcome is fixed too). So that the checks have teeth, each also requires the interval to be narrow: a half-width
 * of at most 10 % of the theoretical value, which the run lengths were chosen for (each run holds 10^4 to 10^5 tickets;
 * the per-run mean is then close to normal). Warm-ups of several relaxation times (1 / (c mu (1 - sqrt rho)^2),
 * about 10 h at rho 0.9) keep the bias of the empty start well below the half-width. After {@code hours},
 * arrivals stop and the line is served: under FCFS that leaves every counted wait exactly as it would have been.
 *
 * <p>Time: about 2.9 million simulated tickets in all, some 10 to 30 s on two shared cores.
 */
class SimulatorTheoryTest {

    private static final int RUNS = 20;
    private static final double T_9995_19 = 3.883;
    private static final double MAX_RELATIVE_HALF_WIDTH = 0.10;
    private static final double MEAN_SERVICE_SECONDS = 300;
    private static final double MU_PER_SECOND = 1 / MEAN_SERVICE_SECONDS;

    @ParameterizedTest(name = "M/M/3 at rho {0}")
    @CsvSource({"0.5, 600, 10", "0.8, 1000, 30", "0.9, 2000, 60"})
    @Timeout(120)
    void shouldAgreeWithErlangCForMMc(double rho, int hours, int warmupHours) {
        int c = 3;
        double lambdaPerSecond = rho * c * MU_PER_SECOND;
        SimulationConfig config = SimulationConfig.parse(config(c, hours, warmupHours,
                "{\"category\":\"A\",\"perHour\":" + lambdaPerSecond * 3600 + "}"));
        double conditionalMeanSeconds = 1 / (c * MU_PER_SECOND - lambdaPerSecond);
        long t = Math.round(conditionalMeanSeconds * 1000);

        List<RunResult> runs = new Simulator(null).runs(config);

        assertAgrees(runs, r -> r.waits[0].meanSeconds(), ErlangC.meanWait(c, lambdaPerSecond, MU_PER_SECOND),
                "mean wait (s)");
        assertAgrees(runs, r -> r.waits[0].fractionAbove(0), ErlangC.probabilityOfWaiting(c, rho * c),
                "P(wait > 0)");
        assertAgrees(runs, r -> r.waits[0].fractionAbove(t),
                ErlangC.probabilityWaitExceeds(c, lambdaPerSecond, MU_PER_SECOND, t / 1000.0),
                "P(wait > " + t / 1000 + " s)");
    }

    @Test
    @Timeout(120)
    void shouldGiveEachPriorityClassCobhamsMeanWait() {
        int c = 3;
        double greenPerSecond = 0.30 * c * MU_PER_SECOND;
        double normalPerSecond = 0.55 * c * MU_PER_SECOND;
        SimulationConfig config = SimulationConfig.parse(config(c, 1000, 30,
                "{\"category\":\"A\",\"priority\":\"GREEN\",\"perHour\":" + greenPerSecond * 3600 + "},"
                        + "{\"category\":\"A\",\"priority\":\"NORMAL\",\"perHour\":" + normalPerSecond * 3600 + "}"));
        double[] lambdas = {greenPerSecond, normalPerSecond};

        List<RunResult> runs = new Simulator(null).runs(config);

        assertAgrees(runs, r -> r.waitsByPriority[0][0].meanSeconds(),
                ErlangC.cobhamMeanWait(c, MU_PER_SECOND, lambdas, 0), "GREEN mean wait (s)");
        assertAgrees(runs, r -> r.waitsByPriority[0][2].meanSeconds(),
                ErlangC.cobhamMeanWait(c, MU_PER_SECOND, lambdas, 1), "NORMAL mean wait (s)");
    }

    @Test
    @Timeout(120)
    void shouldAgreeWithPollaczekKhinchineForOneWindowAndLognormalService() {
        // M/G/1: W = lambda E[S^2] / (2 (1 - rho)), E[S^2] = sd^2 + mean^2; lognormal mean 300 s, sd 200 s
        double rho = 0.7;
        double lambdaPerSecond = rho / MEAN_SERVICE_SECONDS;
        String json = config(1, 1000, 20, "{\"category\":\"A\",\"perHour\":" + lambdaPerSecond * 3600 + "}")
                .replace("\"distribution\":\"exponential\",\"meanSeconds\":300.0",
                        "\"distribution\":\"lognormal\",\"meanSeconds\":300.0,\"sdSeconds\":200");
        SimulationConfig config = SimulationConfig.parse(json);
        double secondMoment = 200.0 * 200 + MEAN_SERVICE_SECONDS * MEAN_SERVICE_SECONDS;

        List<RunResult> runs = new Simulator(null).runs(config);

        assertThat(config.service().get("A")).isInstanceOf(ServiceTime.LogNormal.class);
        assertAgrees(runs, r -> r.waits[0].meanSeconds(), lambdaPerSecond * secondMoment / (2 * (1 - rho)),
                "M/G/1 mean wait (s)");
    }

    @Test
    void shouldComputeTheTextbookValues() {
        // M/M/2 with a = 1: C = 1/3 (Kleinrock); M/M/1: C = rho
        assertThat(ErlangC.probabilityOfWaiting(2, 1.0)).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ErlangC.probabilityOfWaiting(1, 0.7)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        // one class: Cobham is Erlang C
        assertThat(ErlangC.cobhamMeanWait(3, 1, new double[] {2.4}, 0))
                .isCloseTo(ErlangC.meanWait(3, 2.4, 1), org.assertj.core.data.Offset.offset(1e-12));
    }

    /** Universal windows, strict priority (no aging, no ratio), exponential service of 300 s. */
    private static String config(int windows, int hours, int warmupHours, String arrivals) {
        StringBuilder ws = new StringBuilder();
        for (int w = 1; w <= windows; w++) {
            ws.append(w > 1 ? "," : "").append("{\"id\":\"").append(w).append("\",\"name\":\"").append(w)
                    .append("号窗口\",\"primary\":[\"*\"]}");
        }
        return """
                {"hall":{"id":"theory","name":"M/M/c","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                         "windows":[%s]},
                 "arrivals":[%s],
                 "service":{"A":{"distribution":"exponential","meanSeconds":%s}},
                 "hours":%d,"warmupHours":%d,"runs":%d,"seed":20260105,"eta":false}
                """.formatted(ws, arrivals, MEAN_SERVICE_SECONDS, hours, warmupHours, RUNS);
    }

    private static void assertAgrees(List<RunResult> runs, ToDoubleFunction<RunResult> perRun, double theory,
                                     String what) {
        double[] x = runs.stream().mapToDouble(perRun).toArray();
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double halfWidth = T_9995_19 * Math.sqrt(ss / (x.length - 1) / x.length);
        assertThat(x).hasSize(RUNS);
        assertThat(halfWidth).as("%s: 99.9%% half-width %.4f must be within 10%% of %.4f", what, halfWidth, theory)
                .isLessThanOrEqualTo(MAX_RELATIVE_HALF_WIDTH * theory);
        assertThat(theory).as("%s: theory %.4f within the 99.9%% interval %.4f +- %.4f", what, theory, mean,
                halfWidth).isBetween(mean - halfWidth, mean + halfWidth);
    }
}
