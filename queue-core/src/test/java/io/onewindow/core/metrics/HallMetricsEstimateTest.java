package io.onewindow.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HallMetricsEstimateTest {

    private static final Instant NINE_AM = Instant.parse("2026-11-23T01:00:00Z");
    private static final String THREE_WINDOWS = "[{\"id\":\"1\",\"name\":\"1号窗口\",\"primary\":[\"*\"]},"
            + "{\"id\":\"2\",\"name\":\"2号窗口\",\"primary\":[\"*\"]},"
            + "{\"id\":\"3\",\"name\":\"3号窗口\",\"primary\":[\"*\"]}]";
    private static final String A_AND_B_SECONDARY = "[{\"id\":\"1\",\"name\":\"1号窗口\",\"primary\":[\"A\"]},"
            + "{\"id\":\"5\",\"name\":\"5号窗口\",\"primary\":[\"B\"],\"secondary\":[\"A\"]}]";

    private final MetricsHall hall = new MetricsHall(MetricsHall.hallJson(THREE_WINDOWS), NINE_AM);

    @Test
    void shouldGrowWithPositionAndShrinkWithMoreOpenWindows() {
        hall.open("1", "2");
        for (int i = 0; i < 5; i++) {
            hall.issue("A");
        }
        for (int i = 0; i < 5; i++) {
            hall.serve("1", 4); // a window takes 4 minutes per ticket
        }
        List<Ticket> line = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            line.add(hall.issue("A"));
        }
        hall.callNext("1");
        hall.callNext("2");
        List<Long> twoWindows = new ArrayList<>();
        for (Ticket t : line.subList(2, 6)) {
            twoWindows.add(hall.eta(t));
        }

        hall.open("3");
        hall.callNext("3");
        long lastWithThreeWindows = hall.eta(line.get(5));

        assertThat(twoWindows).containsExactly(120L, 240L, 360L, 480L);
        assertThat(lastWithThreeWindows).isEqualTo(240L).isLessThan(twoWindows.get(3));
    }

    @Test
    void shouldAssumeFiveMinutesPerTicketBeforeAnyServiceAndIgnorePausedWindows() {
        hall.open("1", "2");
        hall.pause("2");
        Ticket first = hall.issue("A");
        Ticket second = hall.issue("A");
        Ticket third = hall.issue("A");
        hall.callNext("1");

        assertThat(hall.eta(first)).as("called: no longer waiting").isZero();
        assertThat(hall.eta(second)).isEqualTo(300);
        assertThat(hall.eta(third)).isEqualTo(600);
        assertThat(hall.etaOfNew("A")).isEqualTo(900);
    }

    @Test
    void shouldEstimateANewTicketAsItWillStandOnceIssued() {
        hall.open("1", "2");
        hall.issue("A");
        hall.issue("B");
        hall.issue("A");
        hall.issue("A");
        hall.callNext("1");
        hall.callNext("2"); // B, issued before the second A: one line across the categories
        hall.start("1");
        hall.advanceMinutes(3);
        hall.complete("1");
        hall.callNext("1");
        long forecast = hall.etaOfNew("B");

        Ticket issued = hall.issue("B");

        assertThat(forecast).isPositive().isEqualTo(hall.eta(issued));
    }

    @Test
    void shouldCallAtOnceWhenAnOpenWindowIsFree() {
        hall.open("1", "2");
        hall.issue("A");
        hall.callNext("1");

        Ticket next = hall.issue("A");
        Ticket after = hall.issue("A");

        assertThat(hall.eta(next)).isZero();
        assertThat(hall.eta(after)).isEqualTo(150); // one position ahead of it, two windows of 300 s
    }

    @Test
    void shouldNotCountAWindowWhosePrimaryCategoryWaits() {
        MetricsHall tiers = new MetricsHall(MetricsHall.hallJson(A_AND_B_SECONDARY), NINE_AM);
        tiers.open("1", "5");
        tiers.issue("A");
        Ticket a2 = tiers.issue("A");
        Ticket a3 = tiers.issue("A");
        tiers.issue("B");
        tiers.callNext("1");
        tiers.callNext("5"); // takes its primary B
        long whenNoBWaits = tiers.eta(a2);

        tiers.issue("B");
        long whenBWaits = tiers.eta(a2);

        assertThat(whenNoBWaits).isEqualTo(150);
        assertThat(whenBWaits).isEqualTo(300);
        assertThat(tiers.eta(a3)).isEqualTo(600);
    }

    @Test
    void shouldPreferTheLastFifteenMinutesOverTheWholeDay() {
        hall.open("1");
        for (int i = 0; i < 5; i++) {
            hall.issue("A");
            hall.serve("1", 10);
        }
        hall.advanceMinutes(20);
        hall.issue("A");
        Ticket waiting = hall.issue("A");
        hall.callNext("1");
        long fromToday = hall.eta(waiting); // nothing left a window in the last 15 minutes: today's 10 minutes
        hall.start("1");
        hall.advanceMinutes(2);
        hall.complete("1");
        for (int i = 0; i < 4; i++) {
            hall.issue("A");
            hall.serve("1", 2);
        }
        Ticket later = hall.issue("A");
        hall.callNext("1"); // the one left over from the loop

        long fromRecent = hall.eta(later); // five tickets of 2 minutes in the last 15 minutes

        assertThat(fromToday).isEqualTo(600);
        assertThat(fromRecent).isEqualTo(120);
    }

    @Test
    void shouldTellTheMedianWaitAndARangeAroundItForTheNextInLine() {
        hall.open("1");
        hall.issue("A");
        Ticket next = hall.issue("A");
        hall.callNext("1"); // one window, busy; default 5 minutes per ticket: the model says 300 s for the next

        WaitEstimate told = hall.estimate(next);

        // the wait of one departure is exponential: median 0.70 of its mean, 10th and 90th percentiles 0.10 and 2.28
        assertThat(told.modelSeconds()).isEqualTo(300);
        assertThat(told.seconds()).isEqualTo(211);
        assertThat(told.lowSeconds()).isEqualTo(30);
        assertThat(told.highSeconds()).isEqualTo(684);
        assertThat(hall.metrics.estimatedWaitSeconds(hall.dispatcher.snapshot(), hall.dispatcher.ticket(next.id()),
                hall.clock.millis())).as("the single figure is the median").isEqualTo(211);
    }

    @Test
    void shouldNarrowTheRangeWithTheDistanceToTheWindow() {
        hall.open("1");
        hall.issue("A");
        List<Ticket> line = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            line.add(hall.issue("A"));
        }
        hall.callNext("1");

        WaitEstimate first = hall.estimate(line.get(0));
        WaitEstimate tenth = hall.estimate(line.get(9));

        double firstSpread = (double) (first.highSeconds() - first.lowSeconds()) / first.modelSeconds();
        double tenthSpread = (double) (tenth.highSeconds() - tenth.lowSeconds()) / tenth.modelSeconds();
        assertThat(tenth.modelSeconds()).isEqualTo(3000);
        assertThat(tenthSpread).isLessThan(firstSpread / 2);
        assertThat(tenth.lowSeconds()).isLessThan(tenth.seconds()).isPositive();
        assertThat(tenth.highSeconds()).isGreaterThan(tenth.seconds());
    }

    @Test
    void shouldTellNothingToWaitForWhenAWindowIsFree() {
        hall.open("1", "2");
        Ticket only = hall.issue("A");
        Ticket second = hall.issue("A");
        hall.callNext("1");

        assertThat(hall.estimate(second)).isEqualTo(WaitEstimate.NONE);
        assertThat(hall.estimate(only)).as("called: no longer waiting").isEqualTo(WaitEstimate.NONE);
    }
}
