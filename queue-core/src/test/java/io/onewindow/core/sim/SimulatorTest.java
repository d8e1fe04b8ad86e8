package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.onewindow.core.Event;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.TicketView;
import io.onewindow.core.metrics.WaitEstimate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** An estimator that checks it sees every event in order, and always promises the same wait. */
    private static final class RecordingEstimator implements WaitEstimator {
        final List<Event> events = new ArrayList<>();
        final long promiseSeconds;
        long asked;

        RecordingEstimator(long promiseSeconds) {
            this.promiseSeconds = promiseSeconds;
        }

        @Override
        public void record(Event event) {
            events.add(event);
        }

        @Override
        public WaitEstimate estimatedWait(HallSnapshot snapshot, TicketView ticket, long nowMillis) {
            assertThat(ticket.state()).hasToString("WAITING");
            assertThat(snapshot.seq()).isEqualTo(events.get(events.size() - 1).seq());
            asked++;
            return new WaitEstimate(promiseSeconds, promiseSeconds, promiseSeconds, promiseSeconds);
        }
    }

    @Test
    void shouldGiveTheSameReportForTheSameSeed() {
        SimulationConfig config = SimulationConfig.parse(SimulationConfigTest.VALID);

        String first = new Simulator(null).run(config).toJson().toString();
        String second = new Simulator(null).run(config).toJson().toString();
        String otherSeed = new Simulator(null).run(config.withSeed(43)).toJson().toString();

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first.replace("\"seed\":42", "\"seed\":43"));
    }

    @Test
    void shouldGiveTheSameReportWhateverTheParallelism() {
        SimulationConfig config = SimulationConfig.parse(SimulationConfigTest.VALID).withRuns(6);

        String oneThread = new Simulator(hall -> new RecordingEstimator(60), 1).run(config).toJson().toString();
        String threeThreads = new Simulator(hall -> new RecordingEstimator(60), 3).run(config).toJson().toString();

        assertThat(threeThreads).isEqualTo(oneThread);
    }

    @Test
    void shouldFeedTheEstimatorEveryEventInSequenceOrderAndCountOnlyTicketsAfterTheWarmup() {
        SimulationConfig config = SimulationConfig.parse(SimulationConfigTest.VALID).withRuns(1);
        List<RecordingEstimator> estimators = new ArrayList<>();
        long warmupEnd = LocalDate.of(2026, 1, 5).atTime(9, 30).atZone(SHANGHAI).toInstant().toEpochMilli();

        SimulationReport report = new Simulator(hall -> {
            RecordingEstimator e = new RecordingEstimator(0);
            estimators.add(e);
            return e;
        }).run(config);

        List<Event> events = estimators.get(0).events;
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i + 1);
        }
        long issuedAfterWarmup = events.stream()
                .filter(e -> e instanceof Event.TicketIssued && e.atMillis() >= warmupEnd).count();
        long issuedBefore = events.stream()
                .filter(e -> e instanceof Event.TicketIssued && e.atMillis() < warmupEnd).count();
        long counted = report.categories().values().stream()
                .mapToLong(c -> c.served() + c.noShows() + c.unserved()).sum();
        assertThat(issuedBefore).isPositive();
        assertThat(counted).isEqualTo(issuedAfterWarmup);
        assertThat(estimators.get(0).asked).isEqualTo(issuedAfterWarmup);
        assertThat(events.get(0)).isInstanceOf(Event.WindowOpened.class);
        assertThat(Instant.ofEpochMilli(events.get(0).atMillis()).atZone(SHANGHAI).toLocalTime()).hasToString("08:30");
    }

    @Test
    void shouldMeasureTheEtaErrorAgainstTheRealWait() {
        SimulationConfig config = SimulationConfig.parse(SimulationConfigTest.VALID);

        SimulationReport report = new Simulator(hall -> new RecordingEstimator(0)).run(config);

        long served = report.categories().values().stream().mapToLong(SimulationReport.CategoryReport::served).sum();
        double meanWait = report.categories().values().stream()
                .mapToDouble(c -> c.meanWaitSeconds() * c.served()).sum() / served;
        assertThat(report.eta().samples()).isEqualTo(served);
        assertThat(report.eta().meanAbsoluteErrorSeconds()).isCloseTo(meanWait, within(1e-6));
        assertThat(report.eta().meanErrorSeconds()).isCloseTo(-meanWait, within(1e-6));
    }

    @Test
    void shouldKeepTicketsWaitingAcrossMidnightWhileNumbersRestart() {
        // one window, overloaded (20 an hour, 5 minutes each) from 22:00 for four hours
        SimulationConfig config = SimulationConfig.parse("""
                {"hall":{"id":"night","name":"夜间","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                         "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]},
                 "arrivals":[{"category":"A","perHour":20}],
                 "service":{"A":{"meanSeconds":300}},
                 "hours":4,"runs":1,"seed":3,"start":"22:00"}""");
        RecordingEstimator estimator = new RecordingEstimator(0);
        long midnight = LocalDate.of(2026, 1, 6).atStartOfDay(SHANGHAI).toInstant().toEpochMilli();

        SimulationReport report = new Simulator(hall -> estimator).run(config);

        List<Event> events = estimator.events;
        Event.TicketIssued firstAfterMidnight = events.stream()
                .filter(e -> e instanceof Event.TicketIssued && e.atMillis() >= midnight)
                .map(Event.TicketIssued.class::cast).findFirst().orElseThrow();
        long lastBeforeMidnight = events.stream()
                .filter(e -> e instanceof Event.TicketIssued && e.atMillis() < midnight)
                .mapToLong(e -> ((Event.TicketIssued) e).ticket().id()).max().orElseThrow();
        assertThat(firstAfterMidnight.ticket().number()).isEqualTo("A001");
        assertThat(events).anyMatch(e -> e instanceof Event.TicketCalled c && c.atMillis() >= midnight
                && c.ticket().id() <= lastBeforeMidnight);
        assertThat(events).noneMatch(e -> e instanceof Event.DayClosed);
        assertThat(report.categories().get("A").unserved()).isZero();
        assertThat(report.categories().get("A").served()).isEqualTo(lastBeforeMidnight
                + events.stream().filter(e -> e instanceof Event.TicketIssued && e.atMillis() >= midnight).count());
    }

    @Test
    void shouldLeaveWindowsThatDoNotServeACategoryIdle() {
        SimulationConfig config = SimulationConfig.parse("""
                {"hall":{"id":"demo","name":"d","categories":[{"code":"A","name":"户籍","prefix":"A"},
                                                              {"code":"C","name":"车驾管","prefix":"C"}],
                         "windows":[{"id":"1","name":"1号窗口","primary":["A"]},{"id":"5","name":"5号窗口","primary":["C"]}]},
                 "arrivals":[{"category":"C","perHour":6}],
                 "service":{"C":{"meanSeconds":300}},
                 "hours":8,"runs":4,"seed":5,"eta":false}""");

        SimulationReport report = new Simulator(null).run(config);

        assertThat(report.windows().get("1").served()).isZero();
        assertThat(report.windows().get("1").utilization()).isZero();
        assertThat(report.windows().get("5").served()).isEqualTo(report.categories().get("C").served());
        assertThat(report.windows().get("5").utilization()).isBetween(0.2, 0.8);
        assertThat(report.categories()).containsOnlyKeys("C");
    }

    @Test
    void shouldCallThroughTheHallsOwnPolicyIncludingItsPriorityRatio() {
        // green 60 % and normal 30 % of two windows: strict priority starves normal tickets, a ratio of 1 does not
        String config = """
                {"hall":{"id":"ratio","name":"r","priorityRatio":%d,"categories":[{"code":"A","name":"户籍","prefix":"A"}],
                         "windows":[{"id":"1","name":"1号窗口","primary":["*"]},{"id":"2","name":"2号窗口","primary":["*"]}]},
                 "arrivals":[{"category":"A","priority":"GREEN","perHour":14.4},{"category":"A","perHour":7.2}],
                 "service":{"A":{"meanSeconds":300}},"hours":200,"warmupHours":10,"runs":4,"seed":8,"eta":false}""";

        SimulationReport strict = new Simulator(null).run(SimulationConfig.parse(config.formatted(0)));
        SimulationReport ratio = new Simulator(null).run(SimulationConfig.parse(config.formatted(1)));

        var strictA = strict.categories().get("A").byPriority();
        var ratioA = ratio.categories().get("A").byPriority();
        assertThat(ratioA.get("NORMAL").meanWaitSeconds()).isLessThan(strictA.get("NORMAL").meanWaitSeconds() / 2);
        assertThat(ratioA.get("GREEN").meanWaitSeconds()).isGreaterThan(strictA.get("GREEN").meanWaitSeconds());
    }

    @Test
    void shouldReportNoShowsAtTheirRate() {
        SimulationConfig config = SimulationConfig.parse(SimulationConfigTest.VALID.replace("\"noShowRate\":0.05",
                "\"noShowRate\":0.2").replace("\"runs\":3", "\"runs\":20"));

        SimulationReport report = new Simulator(null).run(config);

        long noShows = report.categories().values().stream().mapToLong(SimulationReport.CategoryReport::noShows).sum();
        long called = noShows + report.categories().values().stream()
                .mapToLong(SimulationReport.CategoryReport::served).sum();
        // about 2,200 calls: the binomial sd of the fraction is 0.0085, the bound is 4 sd
        assertThat((double) noShows / called).isCloseTo(0.2, within(0.034));
    }

    @Test
    void shouldDrawLognormalHandlingTimesWithTheGivenMeanAndSd() {
        ServiceTime t = new ServiceTime.LogNormal(420, 200);
        SplittableRandom random = new SplittableRandom(11);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;

        for (int i = 0; i < n; i++) {
            double s = t.sampleMillis(random) / 1000.0;
            sum += s;
            sumSq += s * s;
        }

        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        // standard error of the mean 200 / sqrt(n) = 0.45 s: 2 s is 4.4 of them; the sd's is about 1 s
        assertThat(mean).isCloseTo(420, within(2.0));
        assertThat(sd).isCloseTo(200, within(6.0));
    }
}
