package io.onewindow.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HallMetricsTest {

    /** 09:00 in Shanghai on 2026-11-23. */
    private static final Instant NINE_AM = Instant.parse("2026-11-23T01:00:00Z");
    private static final String TWO_WINDOWS = "[{\"id\":\"1\",\"name\":\"1号窗口\",\"primary\":[\"*\"]},"
            + "{\"id\":\"2\",\"name\":\"2号窗口\",\"primary\":[\"*\"]}]";

    private final MetricsHall hall = new MetricsHall(MetricsHall.hallJson(TWO_WINDOWS), NINE_AM);

    @Test
    void shouldMeasureWaitAndHandlingOfAServedTicketForItsCategoryAndWindow() {
        hall.open("1", "2");
        hall.issue("A");
        hall.advanceMinutes(5);
        hall.callNext("1");
        hall.start("1");
        hall.advanceMinutes(3);
        hall.complete("1");

        MetricsReport r = hall.report();

        CategoryMetrics a = r.categories().get("A");
        assertThat(a.issuedToday()).isEqualTo(1);
        assertThat(a.today().served()).isEqualTo(1);
        assertThat(a.today().waitTime().count()).isEqualTo(1);
        assertThat(a.today().waitTime().p50Seconds()).isCloseTo(300, within(3.0));
        assertThat(a.today().waitTime().meanSeconds()).isEqualTo(300.0);
        assertThat(a.today().waitTime().maxSeconds()).isEqualTo(300.0);
        assertThat(a.today().handlingTime().p50Seconds()).isCloseTo(180, within(2.0));
        assertThat(a.today().handlingTime().p99Seconds()).isCloseTo(180, within(2.0));
        assertThat(a.last15Minutes()).isEqualTo(a.today());
        WindowMetrics w1 = r.windows().get("1");
        assertThat(w1.today()).isEqualTo(a.today());
        assertThat(w1.name()).isEqualTo("1号窗口");
        assertThat(r.windows().get("2").today()).isEqualTo(PeriodMetrics.EMPTY);
        assertThat(r.categories().get("B").today()).isEqualTo(PeriodMetrics.EMPTY);
        assertThat(r.categories().get("B").issuedToday()).isZero();
        assertThat(r.day()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(r.categories().keySet()).containsExactly("A", "B");
    }

    @Test
    void shouldCountTheHallHourByHourSinceLocalMidnight() {
        hall.open("1");
        hall.issue("A");
        hall.issue("B");
        hall.advanceMinutes(10);
        hall.callNext("1");
        hall.start("1");
        hall.advanceMinutes(55); // 10:05
        hall.complete("1");
        hall.callNext("1");

        List<HourMetrics> hours = hall.metrics.hoursToday(hall.clock.millis());

        assertThat(hours).hasSize(24);
        assertThat(hours.get(9).hour()).isEqualTo(9);
        assertThat(hours.get(9).issued()).isEqualTo(2);
        assertThat(hours.get(9).metrics().waitTime().count()).isEqualTo(1);
        assertThat(hours.get(9).metrics().waitTime().maxSeconds()).isEqualTo(600.0);
        assertThat(hours.get(9).metrics().served()).isZero();
        assertThat(hours.get(10).issued()).isZero();
        assertThat(hours.get(10).metrics().served()).isEqualTo(1);
        assertThat(hours.get(10).metrics().waitTime().maxSeconds()).isEqualTo(3900.0);
        assertThat(hours.get(8).metrics()).isEqualTo(PeriodMetrics.EMPTY);
        assertThat(hall.metrics.hoursToday(hall.clock.millis() + Duration.ofDays(1).toMillis()).get(9).issued())
                .isZero();
    }

    @Test
    void shouldGivePercentilesOfManyWaits() {
        hall.open("1");
        for (int i = 0; i < 10; i++) {
            hall.issue("A");
        }
        for (int i = 0; i < 10; i++) {
            hall.advanceMinutes(1); // the i-th ticket waits i + 1 minutes
            hall.callNext("1");
            hall.start("1");
            hall.complete("1");
        }

        TimeStats waits = hall.report().categories().get("A").today().waitTime();

        assertThat(waits.count()).isEqualTo(10);
        assertThat(waits.meanSeconds()).isEqualTo(330.0);
        assertThat(waits.p50Seconds()).isCloseTo(300, within(3.0));
        assertThat(waits.p90Seconds()).isCloseTo(540, within(6.0));
        assertThat(waits.p99Seconds()).isEqualTo(600.0);
        assertThat(waits.maxSeconds()).isEqualTo(600.0);
    }

    @Test
    void shouldKeepTheFirstCallWhenATicketIsRecalled() {
        hall.open("1");
        hall.issue("A");
        hall.advanceMinutes(2);
        hall.callNext("1");
        hall.advanceMinutes(1);
        hall.recall("1");
        hall.advanceMinutes(1);
        hall.recall("1");
        hall.start("1");
        hall.advanceMinutes(4);
        hall.complete("1");

        PeriodMetrics a = hall.report().categories().get("A").today();

        assertThat(a.waitTime().count()).isEqualTo(1);
        assertThat(a.waitTime().maxSeconds()).isEqualTo(120.0);
        assertThat(a.handlingTime().maxSeconds()).isEqualTo(240.0);
        assertThat(a.served()).isEqualTo(1);
    }

    @Test
    void shouldCountANoShowAndNotCountTheWaitAgainAfterReinstatement() {
        hall.open("1", "2");
        Ticket t = hall.issue("A");
        hall.advanceMinutes(2);
        hall.callNext("1");
        hall.recall("1");
        hall.recall("1");
        Event third = hall.recall("1"); // past the recall limit of 2: 过号
        hall.advanceMinutes(10);
        hall.reinstate(t);
        hall.advanceMinutes(1);
        hall.serve("2", 3);

        MetricsReport r = hall.report();

        assertThat(third).isInstanceOf(Event.TicketNoShow.class);
        PeriodMetrics a = r.categories().get("A").today();
        assertThat(a.noShows()).isEqualTo(1);
        assertThat(a.served()).isEqualTo(1);
        assertThat(a.waitTime().count()).isEqualTo(1);
        assertThat(a.waitTime().maxSeconds()).isEqualTo(120.0);
        assertThat(r.windows().get("1").today().noShows()).isEqualTo(1);
        assertThat(r.windows().get("1").today().waitTime().count()).isEqualTo(1);
        assertThat(r.windows().get("2").today().waitTime().count()).isZero();
        assertThat(r.windows().get("2").today().served()).isEqualTo(1);
    }

    @Test
    void shouldCountATransferOutOfItsCategoryAndKeepItsFirstWait() {
        hall.open("1", "2");
        hall.issue("A");
        hall.advanceMinutes(4);
        hall.callNext("1");
        hall.start("1");
        hall.advanceMinutes(1);
        hall.transfer("1", "B");
        hall.advanceMinutes(2);
        hall.serve("2", 6);

        MetricsReport r = hall.report();

        PeriodMetrics a = r.categories().get("A").today();
        PeriodMetrics b = r.categories().get("B").today();
        assertThat(a.transfers()).isEqualTo(1);
        assertThat(a.waitTime().count()).isEqualTo(1);
        assertThat(a.waitTime().maxSeconds()).isEqualTo(240.0);
        assertThat(a.served()).isZero();
        assertThat(b.transfers()).isZero();
        assertThat(b.waitTime().count()).isZero();
        assertThat(b.served()).isEqualTo(1);
        assertThat(b.handlingTime().maxSeconds()).isEqualTo(360.0);
        assertThat(r.windows().get("1").today().transfers()).isEqualTo(1);
        assertThat(r.categories().get("B").issuedToday()).isZero();
    }

    @Test
    void shouldNotCountTheWaitTwiceWhenATransferredTicketIsCalledAgainInTheSameMillisecond() {
        hall.open("1", "2");
        hall.issue("A");
        hall.advanceMinutes(3);
        hall.callNext("1");
        hall.transfer("1", "B");
        Ticket again = hall.callNext("2"); // the clock has not moved: same millisecond as the first call

        PeriodMetrics a = hall.report().categories().get("A").today();
        PeriodMetrics b = hall.report().categories().get("B").today();

        assertThat(again.firstCalledAtMillis()).isEqualTo(hall.clock.millis());
        assertThat(a.waitTime().count()).isEqualTo(1);
        assertThat(a.waitTime().maxSeconds()).isEqualTo(180.0);
        assertThat(b.waitTime().count()).isZero();
    }

    @Test
    void shouldForgetSamplesOlderThanFifteenMinutesWhileTodayKeepsThem() {
        hall.open("1");
        hall.issue("A");
        hall.advanceMinutes(1);
        hall.serve("1", 2);
        hall.advanceMinutes(20);
        hall.issue("A");
        hall.advanceMinutes(4);
        hall.serve("1", 5);

        MetricsReport now = hall.report();
        MetricsReport later = hall.reportAt(Duration.ofMinutes(16));

        CategoryMetrics a = now.categories().get("A");
        assertThat(a.today().waitTime().count()).isEqualTo(2);
        assertThat(a.today().served()).isEqualTo(2);
        assertThat(a.today().waitTime().meanSeconds()).isEqualTo(150.0);
        assertThat(a.last15Minutes().waitTime().count()).isEqualTo(1);
        assertThat(a.last15Minutes().waitTime().maxSeconds()).isEqualTo(240.0);
        assertThat(a.last15Minutes().handlingTime().maxSeconds()).isEqualTo(300.0);
        assertThat(a.last15Minutes().served()).isEqualTo(1);
        assertThat(now.windows().get("1").last15Minutes().served()).isEqualTo(1);
        assertThat(later.categories().get("A").last15Minutes()).isEqualTo(PeriodMetrics.EMPTY);
        assertThat(later.categories().get("A").today().served()).isEqualTo(2);
    }

    @Test
    void shouldStartTodayAtTheHallsLocalMidnightWhateverTheServersZone() {
        TimeZone serverZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        try {
            MetricsHall late = new MetricsHall(MetricsHall.hallJson(TWO_WINDOWS),
                    Instant.parse("2026-11-23T15:40:00Z")); // 23:40 in Shanghai
            late.open("1");
            late.issue("A");
            late.advanceMinutes(5);
            late.serve("1", 10); // completed at 23:55 Shanghai, 15:55 UTC
            MetricsReport beforeMidnight = late.report();

            late.advanceTo(Instant.parse("2026-11-23T16:01:00Z")); // 00:01 in Shanghai, still the 23rd in UTC
            MetricsReport afterMidnight = late.report();
            late.issue("B");
            late.advanceTo(Instant.parse("2026-11-24T00:30:00Z")); // UTC midnight passed: 08:30 in Shanghai
            late.issue("B");
            MetricsReport morning = late.report();

            assertThat(beforeMidnight.day()).isEqualTo(LocalDate.of(2026, 11, 23));
            assertThat(beforeMidnight.categories().get("A").today().served()).isEqualTo(1);
            assertThat(beforeMidnight.categories().get("A").issuedToday()).isEqualTo(1);
            assertThat(afterMidnight.day()).isEqualTo(LocalDate.of(2026, 11, 24));
            assertThat(afterMidnight.categories().get("A").today()).isEqualTo(PeriodMetrics.EMPTY);
            assertThat(afterMidnight.categories().get("A").issuedToday()).isZero();
            assertThat(afterMidnight.categories().get("A").last15Minutes().served())
                    .as("the last 15 minutes slide across midnight").isEqualTo(1);
            assertThat(morning.day()).isEqualTo(LocalDate.of(2026, 11, 24));
            assertThat(morning.categories().get("B").issuedToday()).isEqualTo(2);
            assertThat(morning.categories().get("A").today().served()).isZero();
        } finally {
            TimeZone.setDefault(serverZone);
        }
    }

    @Test
    void shouldReportTheLongestCurrentWaitOfTicketsNeverCalled() {
        hall.open("1");
        Ticket first = hall.issue("A");
        hall.advanceMinutes(1);
        hall.issue("A");
        hall.advanceMinutes(1);
        hall.issue("A");
        hall.callNext("1"); // the first, called after 2 minutes
        hall.noShow("1");
        hall.reinstate(first); // waits again, but has had its wait
        hall.advanceMinutes(8);

        MetricsReport r = hall.report();

        CategoryMetrics a = r.categories().get("A");
        assertThat(a.waiting()).isEqualTo(3);
        assertThat(a.longestCurrentWaitSeconds()).isEqualTo(540);
        assertThat(r.categories().get("B").longestCurrentWaitSeconds()).isZero();
        assertThat(r.categories().get("B").waiting()).isZero();
    }

    @Test
    void shouldRefuseASnapshotOfAnotherHall() {
        MetricsHall other = new MetricsHall(MetricsHall.hallJson(TWO_WINDOWS).replace("\"test\"", "\"other\""),
                NINE_AM);

        assertThatThrownBy(() -> hall.metrics.report(other.dispatcher.snapshot(), NINE_AM.toEpochMilli()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    }

    @Test
    void shouldRefuseAnEventOfAnUnknownWindow() {
        HallMetrics metrics = new HallMetrics(HallDefinitions.parse(MetricsHall.hallJson(
                "[{\"id\":\"1\",\"name\":\"1号窗口\",\"primary\":[\"*\"]}]")));

        assertThatThrownBy(() -> metrics.record(new Event.WindowClosed(1, NINE_AM.toEpochMilli(), "9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window 9");
    }

    @Test
    @Timeout(10)
    void shouldAnswerReportsWhileAnotherThreadFeedsTheEvents() throws Exception {
        hall.open("1", "2");
        for (int i = 0; i < 200; i++) {
            hall.issue(i % 2 == 0 ? "A" : "B");
            hall.advanceMinutes(0.5);
            hall.serve(i % 2 == 0 ? "1" : "2", 0.5);
        }
        List<Event> events = List.copyOf(hall.events);
        HallMetrics fresh = new HallMetrics(hall.dispatcher.hall());
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread feeder = new Thread(() -> {
            try {
                go.await();
                events.forEach(fresh::record);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        feeder.start();
        AtomicInteger inconsistent = new AtomicInteger();
        long now = hall.clock.millis();

        go.countDown();
        while (feeder.isAlive()) {
            MetricsReport r = fresh.report(hall.dispatcher.snapshot(), now);
            PeriodMetrics a = r.categories().get("A").today();
            if (a.handlingTime().count() != a.served()) {
                inconsistent.incrementAndGet();
            }
        }
        feeder.join(TimeUnit.SECONDS.toMillis(5));

        assertThat(failure.get()).isNull();
        assertEquals(0, inconsistent.get(), "reports that saw half an event");
        MetricsReport end = fresh.report(hall.dispatcher.snapshot(), now);
        assertThat(end).isEqualTo(hall.metrics.report(hall.dispatcher.snapshot(), now));
        assertThat(end.categories().get("A").today().served()).isEqualTo(100);
        assertThat(end.categories().get("B").today().served()).isEqualTo(100);
    }
}
