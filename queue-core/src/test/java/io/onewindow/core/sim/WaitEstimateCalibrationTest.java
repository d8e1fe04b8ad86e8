package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The wait a citizen is shown, held to what the simulated hall then does: the range holds the real wait for
 * about 8 tickets in 10, and the single figure is nearer the real wait than the queue model alone was.
 */
class WaitEstimateCalibrationTest {

    /** The demo hall of docs/examples/sim-demo.json: five windows, three categories, a green channel, 20 days. */
    static final String DEMO = """
            {"hall": {"id":"demo","name":"市行政服务中心公安窗口","timezone":"Asia/Shanghai",
                      "open":"08:30","close":"17:00","maxWaitMinutes":30,"priorityRatio":3,"recallLimit":2,
                      "reinstateAfter":3,
                      "categories":[{"code":"A","name":"户籍","prefix":"A"},
                                    {"code":"B","name":"出入境","prefix":"B"},
                                    {"code":"C","name":"车驾管","prefix":"C"}],
                      "windows":[{"id":"1","name":"1号窗口","primary":["*"]},
                                 {"id":"2","name":"2号窗口","primary":["*"]},
                                 {"id":"3","name":"3号窗口","primary":["A"],"secondary":["B"]},
                                 {"id":"4","name":"4号窗口","primary":["B"],"secondary":["A"]},
                                 {"id":"5","name":"5号窗口","primary":["C"]}]},
             "arrivals":[{"category":"A","priority":"NORMAL","perHour":24},
                         {"category":"A","priority":"GREEN","perHour":3},
                         {"category":"B","priority":"NORMAL","perHour":9},
                         {"category":"C","priority":"NORMAL","perHour":5}],
             "service":{"A":{"distribution":"exponential","meanSeconds":300},
                        "B":{"distribution":"lognormal","meanSeconds":420,"sdSeconds":200},
                        "C":{"distribution":"lognormal","meanSeconds":600,"sdSeconds":300}},
             "hours":8, "warmupHours":0, "runs":20, "seed":42, "noShowRate":0.03}
            """;

    @Test
    void shouldHoldTheRealWaitInsideTheRangeForAboutEightTicketsInTen() {
        SimulationReport.EtaReport eta = new Simulator(WaitEstimator::hallMetrics).run(SimulationConfig.parse(DEMO))
                .eta();
        System.out.println(eta);

        assertThat(eta.samples()).isGreaterThan(5_000);
        assertThat(eta.rangeCoverage()).isBetween(0.75, 0.85);
    }

    @Test
    void shouldGiveASingleFigureNearerTheRealWaitThanTheQueueModelAlone() {
        SimulationReport.EtaReport eta = new Simulator(WaitEstimator::hallMetrics).run(SimulationConfig.parse(DEMO))
                .eta();

        assertThat(eta.meanAbsoluteErrorSeconds()).isLessThan(eta.modelMeanAbsoluteErrorSeconds());
    }
}
