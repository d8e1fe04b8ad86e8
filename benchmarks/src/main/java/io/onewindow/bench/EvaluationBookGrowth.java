package io.onewindow.bench;

import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationBook;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.Level;
import io.onewindow.evaluator.RatingRequest;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.WorkingCalendar;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The evaluator gateway's {@link EvaluationBook} over a year: a hall of 10 windows and 20 staff members serves
 * {@code perDay} services a day (default 1,000) in 8 hours, the clock moving a day at a time; 40% are rated at the
 * pad at once, 20% by phone three days later, 1 in 20 of the rated get a 追加评价 by phone two days later, 1% are
 * 差评 (each opens a follow-up case, which the book keeps whole); the rest get the hall's default rating (5) after
 * the 7-day period, as the gateway's minute timer gives it. Every durable entry is applied as the gateway applies
 * it. With folding on, the book folds once a day (the gateway does it hourly) and holds the open period plus
 * per-day totals; with folding off it holds everything, as before. Every 30 days it prints the heap in use after
 * full collections (MemoryMXBean, after System.gc() until the figure stops falling).
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar io.onewindow.bench.EvaluationBookGrowth [days] [perDay] [on|off...]
 * </pre>
 * Defaults: 365 days, 1,000 services a day, {@code on off}. Results on stdout.
 */
public final class EvaluationBookGrowth {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long DAY = 86_400_000L;
    private static final int WINDOWS = 10;

    private EvaluationBookGrowth() {
    }

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 365;
        int perDay = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1000;
        List<String> modes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            modes.add(args[i]);
        }
        if (modes.isEmpty()) {
            modes.addAll(List.of("on", "off"));
        }
        System.out.printf("java %s, %s, max heap %d MB; %d days of %,d services%n", System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory() >> 20,
                days, perDay);
        for (String mode : modes) {
            run("on".equals(mode), days, perDay);
        }
    }

    private static void run(boolean folding, int days, int perDay) {
        HallSettings hall = new HallSettings("demo", "市行政服务中心", ZONE, WorkingCalendar.WEEKDAYS, "330102", 60_000,
                7, Level.VERY_SATISFIED);
        long baseline = HeapInUse.afterFullGc();
        EvaluationBook book = new EvaluationBook(List.of(hall));
        long start = LocalDate.of(2027, 1, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        if (folding) {
            book.startFolding(start);
        }
        Random random = new Random(42);
        /** Per day of the run: the phone ratings and add-ons to make that day (service, its link). */
        List<List<Object[]>> phoneOn = new ArrayList<>();
        for (int d = 0; d < days + 8; d++) {
            phoneOn.add(new ArrayList<>());
        }
        ArrayDeque<ServiceRecord> awaitingDefault = new ArrayDeque<>();
        long seq = 0;
        long requests = 0;
        long started = System.nanoTime();
        System.out.printf("folding %s: heap %.1f MB before the book%n", folding ? "on" : "off", baseline / 1e6);
        for (int d = 0; d < days; d++) {
            long day = start + d * DAY;
            for (Object[] p : phoneOn.get(d)) { // phones rate (or add on) a service of an earlier day
                long now = day + 10 * 3_600_000L + random.nextInt(3_600_000);
                apply(book, book.decidePhone(request(random, ++requests), (String) p[1], now));
            }
            for (int i = 0; i < perDay; i++) {
                long now = day + 9 * 3_600_000L + i * (8 * 3_600_000L / perDay);
                int window = 1 + i % WINDOWS;
                String link = Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "linklinklink";
                ServiceRecord s = new ServiceRecord(ServiceRecord.serviceId("demo", ++seq), "demo", seq, seq,
                        "A" + (1 + i), "ABCDEF".substring(i % 6, i % 6 + 1), Integer.toString(window),
                        "0" + (570 + window + 10 * (d % 2)), "王营定", now, EvaluationBook.linkKey(link));
                book.apply(new Entry.Opened(s));
                awaitingDefault.add(s);
                int fate = random.nextInt(100);
                if (fate < 40) {
                    apply(book, book.decidePad(new RatingRequest("pad-request-" + (++requests), s.serviceId(),
                            fate == 0 ? 1 : 3 + fate % 3, fate == 0 ? List.of("态度不好") : List.of(), ""), "demo",
                            s.window(), now + 10_000));
                    if (fate % 20 == 1) {
                        phoneOn.get(d + 2).add(new Object[] {s, link});
                    }
                } else if (fate < 60) {
                    phoneOn.get(d + 3).add(new Object[] {s, link});
                }
            }
            long endOfDay = day + DAY - 1;
            while (!awaitingDefault.isEmpty()
                    && awaitingDefault.peek().completedAtMillis() + hall.periodMillis() < endOfDay) {
                ServiceRecord s = awaitingDefault.poll();
                Evaluation e = book.decideDefault(s, s.completedAtMillis() + hall.periodMillis() + 60_000);
                if (e != null) {
                    book.apply(new Entry.Rated(e));
                }
            }
            phoneOn.set(d, null);
            if (folding) {
                book.fold(endOfDay);
            }
            if ((d + 1) % 30 == 0 || d + 1 == days) {
                long heap = HeapInUse.afterFullGc();
                System.out.printf("folding %s: day %3d, %,9d services: heap %7.1f MB (book %7.1f MB, %,.0f bytes"
                                + " a service so far)%n", folding ? "on " : "off", d + 1, seq, heap / 1e6,
                        (heap - baseline) / 1e6, (heap - baseline) / (double) seq);
            }
        }
        Reference.reachabilityFence(book);
        System.out.printf("folding %s: %.1f s%n", folding ? "on" : "off", (System.nanoTime() - started) / 1e9);
    }

    private static RatingRequest request(Random random, long n) {
        int level = random.nextInt(100) == 0 ? 2 : 3 + random.nextInt(3);
        return new RatingRequest("phone-request-" + n, null, level, level <= 2 ? List.of("等候太久") : List.of(), "");
    }

    private static void apply(EvaluationBook book, EvaluationBook.Decision d) {
        if (d instanceof EvaluationBook.Decision.Accepted a) {
            book.apply(new Entry.Rated(a.evaluation()));
        }
    }
}
