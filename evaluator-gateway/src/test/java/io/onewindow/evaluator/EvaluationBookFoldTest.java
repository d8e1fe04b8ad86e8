package io.onewindow.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The book folds the services done a day past their period into per-day totals, and every answer stays the one of
 * the whole history: hundreds of days of services and ratings (every channel, defaults, 追加评价, 差评 with cases
 * in every state) on a moving clock, the folding book against a book that never folds, fed the same durable
 * entries.
 */
class EvaluationBookFoldTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A hall without a default rating, and one whose unrated services get 4 after the period. */
    static final HallSettings DEMO = new HallSettings("demo", "市行政服务中心", SHANGHAI, WorkingCalendar.WEEKDAYS,
            "330102", 60_000, 7);
    static final HallSettings EAST = new HallSettings("east", "东区分中心", SHANGHAI, WorkingCalendar.WEEKDAYS,
            "330103", 60_000, 5, Level.SATISFIED);
    static final List<HallSettings> HALLS = List.of(DEMO, EAST);
    static final long DAY = 86_400_000L;
    static final long HOUR = 3_600_000L;
    static final int DAYS = 200;
    static final int SERVICES_A_DAY = 12;

    private final Random random = new Random(20270302);
    private final EvaluationBook book = new EvaluationBook(HALLS);
    private final EvaluationBook reference = new EvaluationBook(HALLS);
    /** Every durable entry, in order: the store. */
    private final List<Entry> store = new ArrayList<>();
    private final PriorityQueue<Step> steps = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.order, b.order));
    private final Map<String, String> links = new HashMap<>();
    private long order;
    private long now;
    private long seq;
    private int folds;
    private int compared;

    private record Step(long at, long order, Runnable run) {
    }

    private void at(long when, Runnable r) {
        steps.add(new Step(when, order++, r));
    }

    private void durable(Entry e) {
        store.add(e);
        book.apply(e);
        reference.apply(e);
    }

    @Test
    void shouldAnswerAsTheWholeHistoryWhileHoldingOnlyTheOpenPeriod() {
        long start = LocalDate.of(2027, 1, 4).atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        for (int d = 0; d < DAYS; d++) {
            long day = start + d * DAY;
            for (HallSettings h : HALLS) {
                for (int i = 0; i < SERVICES_A_DAY; i++) {
                    long completed = day + 9 * HOUR + i * 17 * 60_000L + random.nextInt(60_000);
                    at(completed, () -> serve(h));
                }
            }
            for (int hour = 0; hour < 24; hour += 6) {
                at(day + hour * HOUR + 30 * 60_000L, this::sweep);
            }
        }
        long end = start + (DAYS + 10) * DAY;
        while (!steps.isEmpty() && steps.peek().at() < end) {
            Step s = steps.poll();
            now = s.at();
            s.run().run();
        }
        assertThat(folds).isGreaterThan(3 * DAYS);
        assertThat(compared).isGreaterThanOrEqualTo(DAYS / 20);
        assertThat(book.sizes().get("foldedCounts")).isPositive();
        assertThat(book.cases("demo", null)).extracting(FollowUpCase::state).contains(CaseState.values());
    }

    /** A service completes now at a window of the hall; its ratings and its case steps are scheduled. */
    private void serve(HallSettings h) {
        long s1 = ++seq;
        int window = 1 + random.nextInt(4);
        String staff = "0" + (570 + window + 10 * random.nextInt(2));
        String link = random.nextInt(5) == 0 ? null : "link-" + h.id() + "-" + s1 + "-xxxxxxxxxxxxxx";
        ServiceRecord s = new ServiceRecord(ServiceRecord.serviceId(h.id(), s1), h.id(), s1, s1, "A" + s1,
                "ABC".substring(random.nextInt(3)).substring(0, 1), Integer.toString(window), staff, "王营定", now,
                EvaluationBook.linkKey(link));
        if (link != null) {
            links.put(s.serviceId(), link);
        }
        durable(new Entry.Opened(s));
        int fate = random.nextInt(10);
        if (fate < 4) {
            at(now + 5_000 + random.nextInt(40_000), () -> rate(book.decidePad(request(s.serviceId()), h.id(),
                    s.window(), now)));
        } else if (fate < 6 && link != null) {
            at(now + random.nextInt((int) (h.periodMillis() / 1000)) * 1000L, () -> rate(book.decidePhone(
                    request(null), link, now)));
        } else if (fate == 6) {
            // a rating from another channel, as a store written by another submitter holds it
            EvaluationChannel ch = List.of(EvaluationChannel.PC, EvaluationChannel.QR_CODE,
                    EvaluationChannel.HALL_TERMINAL, EvaluationChannel.PHONE_CALL).get(random.nextInt(4));
            at(now + random.nextInt(3 * 86_400) * 1000L, () -> {
                if (book.ratingOf(s.serviceId()) == null) {
                    RatingRequest r = request(s.serviceId());
                    Level level = Level.of(r.rating());
                    rated(new Evaluation("X" + s.serviceId(), r.requestId(), s, level, r.reasons(), r.comment(), ch,
                            now, null));
                }
            });
        } // else unrated (a default in EAST after the period)
        if (link != null && random.nextInt(4) == 0) {
            at(now + random.nextInt((int) (h.periodMillis() / 1000)) * 1000L, () -> {
                if (book.ratingOf(s.serviceId()) != null) {
                    rate(book.decidePhone(request(null), link, now)); // its one 追加评价
                }
            });
        }
    }

    private RatingRequest request(String serviceId) {
        int level = 1 + random.nextInt(5);
        List<String> reasons = level <= 2 ? List.of("态度不好") : List.of();
        String comment = random.nextInt(6) == 0 ? "=\"很好\",谢谢" + random.nextInt(100) : "";
        return new RatingRequest("req-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36), serviceId, level,
                reasons, comment);
    }

    private void rate(EvaluationBook.Decision d) {
        if (d instanceof EvaluationBook.Decision.Accepted a) {
            rated(a.evaluation());
        }
    }

    private void rated(Evaluation e) {
        durable(new Entry.Rated(e));
        if (e.level().bad()) {
            String caseId = book.caseOf(e.evaluationId());
            assertThat(caseId).isNotNull();
            if (random.nextInt(6) == 0) {
                return; // left open
            }
            at(now + random.nextInt(3 * 86_400) * 1000L, () -> stepOn(caseId));
        }
    }

    /** Moves a case one step on (a random allowed action), and schedules the next one now and then. */
    private void stepOn(String caseId) {
        FollowUpCase c = book.followUp(caseId);
        List<CaseStep> allowed = new ArrayList<>();
        for (CaseAction a : CaseAction.values()) {
            CaseStep st = new CaseStep(caseId, c.evaluation().hall(), a, "0001", now, "核实无误", 4, 3);
            if (book.refusal(st) == null) {
                allowed.add(st);
            }
        }
        if (allowed.isEmpty()) {
            return;
        }
        durable(new Entry.CaseStepped(allowed.get(random.nextInt(allowed.size()))));
        if (random.nextInt(3) > 0) {
            at(now + random.nextInt(20 * 86_400) * 1000L, () -> stepOn(caseId));
        }
    }

    /** What the gateway does every minute and every hour: defaults past the period, then a fold; then checks. */
    private void sweep() {
        for (HallSettings h : HALLS) {
            for (ServiceRecord s : List.copyOf(book.services(h.id()))) {
                Evaluation e = book.decideDefault(s, now);
                if (e != null) {
                    rated(e);
                }
            }
        }
        boolean midday = now % DAY < 7 * HOUR; // the sweep of 12:30 in Shanghai: the day's services open
        Map<String, Integer> before = book.sizes();
        String metricsBefore = midday ? EvaluationMetrics.prometheus(book, today()) : null;
        book.fold(now);
        folds++;
        for (HallSettings h : HALLS) {
            assertThat(book.horizon(h.id())).isEqualTo(now - h.periodMillis() - EvaluationBook.FOLD_MARGIN_MILLIS);
        }
        assertThat(book.sizes().get("services")).isLessThanOrEqualTo(before.get("services"));
        assertBounded();
        if (midday) { // once a day: the counters are the same across the fold (never lower)
            assertThat(EvaluationMetrics.prometheus(book, today())).isEqualTo(metricsBefore);
        }
        if (LocalDate.ofInstant(Instant.ofEpochMilli(now), SHANGHAI).getDayOfYear() % 20 == 0 && midday) {
            // every 20 days
            assertSameAnswers(book);
            compared++;
        }
        if (folds % 190 == 0) {
            EvaluationBook rebuilt = new EvaluationBook(HALLS);
            rebuilt.startFolding(now);
            store.forEach(rebuilt::apply);
            assertThat(rebuilt.sizes()).isEqualTo(book.sizes());
            for (HallSettings h : HALLS) {
                assertThat(rebuilt.horizon(h.id())).isEqualTo(book.horizon(h.id()));
                assertThat(rebuilt.lastOpenedSeq(h.id())).isEqualTo(reference.lastOpenedSeq(h.id()));
                assertThat(rebuilt.lastOpenedDay(h.id())).isEqualTo(reference.lastOpenedDay(h.id()));
            }
            assertSameAnswers(rebuilt);
        }
    }

    /** The maps hold the services of the open period and the margin, nothing older. */
    private void assertBounded() {
        int open = 0;
        for (HallSettings h : HALLS) {
            long older = book.services(h.id()).stream()
                    .filter(s -> s.completedAtMillis() < book.horizon(h.id())).count();
            assertThat(older).isZero();
            open += (int) ((h.periodDays() + 2) * SERVICES_A_DAY);
            assertThat(book.lastOpenedSeq(h.id())).isEqualTo(reference.lastOpenedSeq(h.id()));
            assertThat(book.lastOpenedDay(h.id())).isEqualTo(reference.lastOpenedDay(h.id()));
        }
        Map<String, Integer> sizes = book.sizes();
        assertThat(sizes.get("services")).isLessThanOrEqualTo(open);
        assertThat(sizes.get("servicesOfHall")).isLessThanOrEqualTo(open);
        assertThat(sizes.get("byLink")).isLessThanOrEqualTo(open);
        assertThat(sizes.get("firstRating")).isLessThanOrEqualTo(open);
        assertThat(sizes.get("addOn")).isLessThanOrEqualTo(open);
        assertThat(sizes.get("byRequest")).isLessThanOrEqualTo(2 * open);
        assertThat(sizes.get("evaluationsOfHall")).isLessThanOrEqualTo(2 * open);
    }

    private Map<String, LocalDate> today() {
        Map<String, LocalDate> m = new HashMap<>();
        for (HallSettings h : HALLS) {
            m.put(h.id(), LocalDate.ofInstant(Instant.ofEpochMilli(now), h.zone()));
        }
        return m;
    }

    /** Summaries by every grouping over several ranges, the metrics and the export: those of the reference. */
    private void assertSameAnswers(EvaluationBook b) {
        assertThat(EvaluationMetrics.prometheus(b, today())).isEqualTo(EvaluationMetrics.prometheus(reference,
                today()));
        for (HallSettings h : HALLS) {
            LocalDate today = today().get(h.id());
            LocalDate horizon = LocalDate.ofInstant(Instant.ofEpochMilli(b.horizon(h.id())), h.zone());
            List<LocalDate[]> ranges = List.of(new LocalDate[] {today.minusYears(2), today},
                    new LocalDate[] {today.minusDays(30), today}, new LocalDate[] {horizon.minusDays(3),
                            horizon.plusDays(3)}, new LocalDate[] {horizon, horizon},
                    new LocalDate[] {horizon.minusDays(40), horizon.minusDays(20)}, new LocalDate[] {today, today});
            List<Evaluation> folded = new ArrayList<>();
            for (Entry e : store) {
                if (e instanceof Entry.Rated rated && rated.hall().equals(h.id())
                        && rated.evaluation().service().completedAtMillis() < b.horizon(h.id())) {
                    folded.add(rated.evaluation());
                }
            }
            for (LocalDate[] r : ranges) {
                for (Figures.By by : Figures.By.values()) {
                    assertThat(text(Figures.summary(b, h.id(), r[0], r[1], by, today)))
                            .as("%s by %s from %s to %s", h.id(), by, r[0], r[1])
                            .isEqualTo(text(Figures.summary(reference, h.id(), r[0], r[1], by, today)));
                }
                assertThat(NationalExport.csv(h, NationalExport.inRange(h, folded, r[0], r[1]),
                        NationalExport.inRange(h, b.evaluations(h.id()), r[0], r[1]), r[0], r[1]))
                        .isEqualTo(NationalExport.csv(reference, h.id(), r[0], r[1]));
            }
        }
    }

    private static String text(List<Figures.Row> rows) {
        StringBuilder b = new StringBuilder();
        for (Figures.Row r : rows) {
            b.append(r.key()).append(' ').append(r.served()).append(' ').append(r.rated()).append(' ')
                    .append(r.activeRated()).append(' ').append(Arrays.toString(r.levels())).append(' ')
                    .append(r.good()).append(' ').append(r.activeGood()).append(' ').append(r.bad()).append(' ')
                    .append(r.cases()).append(' ').append(r.rectified()).append(' ').append(r.calledBack())
                    .append(' ').append(r.overdue()).append('\n');
        }
        return b.toString();
    }
}
