package io.onewindow.bench;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.TicketState;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.WindowView;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.Recovery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Retention of the file journal under load: how long {@link FileJournal#dropDaysBefore} takes on a journal of
 * {@code keptDays} days of {@code eventsPerDay} events (the daily run: one day dropped, the others copied into the
 * new file), and how long appends wait meanwhile. One thread appends a steady {@code appendsPerSecond} of
 * today's events through the whole run, each timed from {@code append} to its future; the ones appended while a
 * compaction ran are reported apart. Then, if {@code yearDays} > 0, a journal of that many days: the start-up
 * ({@link Recovery#replay}, best of three) before, the first compaction down to {@code keptDays} days (with the
 * same appender), and the start-up after.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.onewindow.bench.JournalCompactionLoad \
 *     [keptDays=31] [eventsPerDay=4000] [runs=5] [appendsPerSecond=200] [yearDays=365]
 * </pre>
 * The journal lies in a temporary folder (the default {@code java.io.tmpdir}), deleted at the end. Results on
 * stdout.
 */
public final class JournalCompactionLoad {

    private static final byte[] SALT = "onewindow-bench-salt-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final HallDefinition HALL = HallDefinitions.demo();
    private static final LocalDate FIRST = LocalDate.of(2026, 1, 5);
    private static final int CHUNK = 20_000;

    /** A hall working day after day, one event at a time, on the caller's thread. */
    private static final class Hall {
        final VirtualClock clock = new VirtualClock(opening(FIRST));
        final LockFreeDispatcher dispatcher = new LockFreeDispatcher(HALL, clock, new PersonKeys(SALT));
        final Random random = new Random(42);
        LocalDate day;

        static Instant opening(LocalDate day) {
            return ZonedDateTime.of(day, LocalTime.of(8, 30), HALL.zone()).toInstant();
        }

        /** The events that begin {@code next}: the close of the day before, or the windows opening. */
        List<Event> startDay(LocalDate next) {
            List<Event> out = new ArrayList<>();
            clock.setMillis(opening(next).toEpochMilli());
            if (day == null) {
                for (int w = 1; w <= 5; w++) {
                    add(out, dispatcher.openWindow(String.valueOf(w), new Staff("07" + w, "窗口员" + w)));
                }
            } else {
                add(out, dispatcher.closeDay());
            }
            day = next;
            return out;
        }

        /** The next event of the day: a ticket issued, called, started, completed or not shown. */
        Event next() {
            for (;;) {
                clock.advanceMillis(200 + random.nextInt(800)); // about 4,000 events stay within the day
                Outcome o;
                if (random.nextInt(4) == 0) {
                    o = dispatcher.issue(IssueRequest.of(List.of("A", "B", "C").get(random.nextInt(3)),
                            random.nextInt(8) == 0 ? Priority.GREEN : Priority.NORMAL));
                } else {
                    String window = String.valueOf(1 + random.nextInt(5));
                    WindowView v = dispatcher.snapshot().window(window);
                    if (v.ticket() == null) {
                        o = dispatcher.callNext(window);
                    } else if (v.ticketState() == TicketState.CALLED) {
                        o = random.nextInt(50) == 0 ? dispatcher.noShow(window) : dispatcher.start(window);
                    } else {
                        o = dispatcher.complete(window);
                    }
                }
                if (o instanceof Event e) {
                    return e;
                }
            }
        }

        private static void add(List<Event> out, Outcome o) {
            if (o instanceof Event e) {
                out.add(e);
            }
        }

        /** Appends whole days, waiting for each chunk. */
        void workDays(FileJournal journal, LocalDate from, int days, int eventsPerDay) throws Exception {
            List<Event> chunk = new ArrayList<>(CHUNK);
            for (int d = 0; d < days; d++) {
                chunk.addAll(startDay(from.plusDays(d)));
                for (int i = 0; i < eventsPerDay; i++) {
                    chunk.add(next());
                    if (chunk.size() >= CHUNK) {
                        appendAndWait(journal, chunk);
                    }
                }
            }
            appendAndWait(journal, chunk);
        }
    }

    private static void appendAndWait(FileJournal journal, List<Event> chunk) throws Exception {
        CompletableFuture<Void> last = null;
        for (Event e : chunk) {
            last = journal.append(e);
        }
        if (last != null) {
            last.get(60, TimeUnit.SECONDS);
        }
        chunk.clear();
    }

    private JournalCompactionLoad() {
    }

    public static void main(String[] args) throws Exception {
        int keptDays = arg(args, 0, 31);
        int eventsPerDay = arg(args, 1, 4_000);
        int runs = arg(args, 2, 5);
        int appendsPerSecond = arg(args, 3, 200);
        int yearDays = arg(args, 4, 365);
        System.out.printf("java %s; kept days %d, events a day %d, runs %d, appends/s %d, year days %d%n",
                System.getProperty("java.version"), keptDays, eventsPerDay, runs, appendsPerSecond, yearDays);
        Path dir = Files.createTempDirectory("onewindow-compaction-bench");
        try {
            daily(dir.resolve("daily"), keptDays, eventsPerDay, runs, appendsPerSecond);
            if (yearDays > 0) {
                year(dir.resolve("year"), keptDays, eventsPerDay, yearDays, appendsPerSecond);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i].replace("_", "")) : otherwise;
    }

    /** The daily run: keptDays + 1 days in the file, one dropped per run, today's appends going on meanwhile. */
    private static void daily(Path dir, int keptDays, int eventsPerDay, int runs, int appendsPerSecond)
            throws Exception {
        Hall hall = new Hall();
        try (FileJournal journal = FileJournal.forHall(dir, HALL)) {
            journal.replay(cp -> { }, e -> { });
            hall.workDays(journal, FIRST, keptDays + 1, eventsPerDay);
            for (int run = 0; run < runs; run++) {
                if (run > 0) {
                    hall.workDays(journal, hall.day.plusDays(1), 1, eventsPerDay); // a new day to keep
                }
                LocalDate keepFrom = hall.day.minusDays(keptDays - 1L);
                long size = Files.size(journal.file());
                Appender appender = new Appender(journal, hall, appendsPerSecond);
                Thread t = new Thread(appender, "appender");
                t.start();
                Thread.sleep(300); // a steady state before
                long t0 = System.nanoTime();
                int dropped = journal.dropDaysBefore(keepFrom);
                long t1 = System.nanoTime();
                Thread.sleep(300); // and after
                appender.stop.set(true);
                t.join();
                if (dropped != 1) {
                    throw new IllegalStateException("dropped " + dropped + " days, expected 1");
                }
                appender.report("daily run " + run, (t1 - t0) / 1e6, size, Files.size(journal.file()), t0, t1);
            }
        }
    }

    /** A steady appender of today's events: each append timed to its future's completion. */
    private static final class Appender implements Runnable {
        final FileJournal journal;
        final Hall hall;
        final long periodNanos;
        final AtomicBoolean stop = new AtomicBoolean();
        final List<long[]> timings = new ArrayList<>(); // {appendedAt, waitedNanos}
        final List<CompletableFuture<Void>> futures = new ArrayList<>();

        Appender(FileJournal journal, Hall hall, int perSecond) {
            this.journal = journal;
            this.hall = hall;
            this.periodNanos = 1_000_000_000L / perSecond;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!stop.get()) {
                Event e = hall.next();
                long at = System.nanoTime();
                long[] timing = {at, -1};
                synchronized (timings) {
                    timings.add(timing);
                }
                futures.add(journal.append(e).whenComplete((v, x) -> timing[1] = x == null
                        ? System.nanoTime() - at : Long.MIN_VALUE));
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }

        void report(String run, double compactionMs, long sizeBefore, long sizeAfter, long t0, long t1) {
            List<Long> during = new ArrayList<>();
            List<Long> outside = new ArrayList<>();
            for (long[] t : timings) {
                if (t[1] < 0) {
                    throw new IllegalStateException("an append failed");
                }
                (t[0] >= t0 && t[0] <= t1 ? during : outside).add(t[1]);
            }
            System.out.printf("%s: compaction %.1f ms (file %.1f MB -> %.1f MB); appends during it: %d,"
                            + " waited max %.1f ms, median %.1f ms; appends outside it: %d, max %.2f ms,"
                            + " median %.2f ms%n", run, compactionMs, sizeBefore / 1e6, sizeAfter / 1e6,
                    during.size(), max(during), median(during), outside.size(), max(outside), median(outside));
        }

        private static double max(List<Long> nanos) {
            return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
        }

        private static double median(List<Long> nanos) {
            long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            return a.length == 0 ? 0 : a[a.length / 2] / 1e6;
        }
    }

    /** A year-sized journal: start-up before, the first compaction, start-up after. */
    private static void year(Path dir, int keptDays, int eventsPerDay, int yearDays, int appendsPerSecond)
            throws Exception {
        Hall hall = new Hall();
        Path file;
        try (FileJournal journal = FileJournal.forHall(dir, HALL)) {
            file = journal.file();
            journal.replay(cp -> { }, e -> { });
            hall.workDays(journal, FIRST, yearDays, eventsPerDay);
        }
        long size = Files.size(file);
        double before = startUp(dir, hall.dispatcher.snapshot().seq());
        double compaction;
        try (FileJournal journal = FileJournal.forHall(dir, HALL)) {
            journal.replay(cp -> { }, e -> { });
            Appender appender = new Appender(journal, hall, appendsPerSecond);
            Thread t = new Thread(appender, "appender");
            t.start();
            Thread.sleep(300);
            long t0 = System.nanoTime();
            int dropped = journal.dropDaysBefore(hall.day.minusDays(keptDays - 1L));
            long t1 = System.nanoTime();
            compaction = (t1 - t0) / 1e6;
            Thread.sleep(300);
            appender.stop.set(true);
            t.join();
            if (dropped != yearDays - keptDays) {
                throw new IllegalStateException("dropped " + dropped + " days, expected " + (yearDays - keptDays));
            }
            appender.report("year, first drop of " + dropped + " days", compaction, size, Files.size(file), t0, t1);
        }
        double after = startUp(dir, hall.dispatcher.snapshot().seq());
        System.out.printf("year: %d days, %.1f MB; start-up before %.0f ms; first compaction to %d days %.0f ms"
                        + " (file %.1f MB); start-up after %.0f ms%n", yearDays, size / 1e6, before, keptDays,
                compaction, Files.size(file) / 1e6, after);
    }

    /** Recovery of the hall as at start, the best of three; checks it ends at the hall's last event. */
    private static double startUp(Path dir, long lastSeq) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            LockFreeDispatcher d = new LockFreeDispatcher(HALL, new VirtualClock(Hall.opening(FIRST)),
                    new PersonKeys(SALT));
            long t0 = System.nanoTime();
            try (FileJournal journal = FileJournal.forHall(dir, HALL)) {
                Recovery.Result r = Recovery.replay(journal, d, cp -> { }, List.of());
                if (r.lastSeq() != lastSeq) {
                    throw new IllegalStateException("recovered up to " + r.lastSeq() + ", expected " + lastSeq);
                }
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
