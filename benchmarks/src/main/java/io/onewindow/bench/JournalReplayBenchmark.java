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
import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.Recovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Start-up time of a hall server: replaying a {@link FileJournal} of {@code events} events into a fresh
 * {@link LockFreeDispatcher}, as {@link Recovery} does before the hall serves. Target: one million events in
 * under 3 seconds.
 *
 * <p>The journal is written once per fork in {@link #writeJournal()} by a real dispatcher and a real
 * FileJournal (group commit): days of a demo hall with five windows open, tickets of the three categories
 * (one in eight on the green channel) issued while windows call, start and complete them, 2% no-shows, and the
 * day closed every local evening. Each invocation opens the file, checks and decodes every record and applies
 * it. {@code decodeOnly} reads the same file without a dispatcher, to tell the codec's share from the state's.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JournalReplay -f 1 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JournalReplayBenchmark {

    private static final byte[] SALT = "onewindow-bench-salt-0123456789".getBytes(StandardCharsets.UTF_8);
    /** Monday 08:30 in Shanghai. */
    private static final Instant OPENING = Instant.parse("2026-11-23T00:30:00Z");
    private static final int CHUNK = 20_000;

    @Param({"1000000"})
    public int events;

    private HallDefinition hall;
    private Path dir;
    private Path file;
    private long lastSeq;

    @Setup(Level.Trial)
    public void writeJournal() throws Exception {
        hall = HallDefinitions.demo();
        dir = Files.createTempDirectory("onewindow-journal-bench");
        VirtualClock clock = new VirtualClock(OPENING);
        LockFreeDispatcher d = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        Random random = new Random(42);
        List<Event> chunk = new ArrayList<>(CHUNK);
        long started = System.nanoTime();
        long appendNanos = 0;
        try (FileJournal journal = FileJournal.forHall(dir, hall)) {
            file = journal.file();
            journal.replay(e -> { });
            for (int w = 1; w <= 5; w++) {
                add(chunk, d.openWindow(String.valueOf(w), new Staff("07" + w, "窗口员" + w)));
            }
            long dayStart = clock.millis();
            int produced = chunk.size();
            while (produced < events) {
                int before = chunk.size();
                clock.advanceMillis(500 + random.nextInt(3_000));
                if (clock.millis() - dayStart > Duration.ofHours(8).toMillis()) {
                    add(chunk, d.closeDay()); // evening: the rest of the line expires; morning: numbers restart
                    clock.advance(Duration.ofHours(16));
                    dayStart = clock.millis();
                } else if (random.nextInt(4) == 0) {
                    String category = List.of("A", "B", "C").get(random.nextInt(3));
                    add(chunk, d.issue(IssueRequest.of(category, random.nextInt(8) == 0 ? Priority.GREEN
                            : Priority.NORMAL)));
                } else {
                    String window = String.valueOf(1 + random.nextInt(5));
                    WindowView v = d.snapshot().window(window);
                    if (v.ticket() == null) {
                        add(chunk, d.callNext(window));
                    } else if (v.ticketState() == TicketState.CALLED) {
                        add(chunk, random.nextInt(50) == 0 ? d.noShow(window) : d.start(window));
                    } else {
                        add(chunk, d.complete(window));
                    }
                }
                produced += chunk.size() - before;
                if (chunk.size() >= CHUNK || produced >= events) {
                    long t0 = System.nanoTime();
                    appendAndWait(journal, chunk);
                    appendNanos += System.nanoTime() - t0;
                    chunk.clear();
                }
            }
            lastSeq = d.snapshot().seq();
        }
        System.out.printf("%njournal: %d events, %d bytes (%.0f bytes per event); set-up %d ms, of which %d ms"
                + " appending in chunks of %d (%.0f events/s through group commit)%n", lastSeq, Files.size(file),
                (double) Files.size(file) / lastSeq, (System.nanoTime() - started) / 1_000_000,
                appendNanos / 1_000_000, CHUNK, lastSeq * 1e9 / appendNanos);
    }

    private static void add(List<Event> out, Outcome o) {
        if (o instanceof Event e) {
            out.add(e);
        }
    }

    private static void appendAndWait(FileJournal journal, List<Event> chunk) throws Exception {
        CompletableFuture<Void> last = null;
        for (Event e : chunk) {
            last = journal.append(e);
        }
        if (last != null) {
            last.get(60, TimeUnit.SECONDS); // completes only after every earlier event
        }
    }

    @TearDown(Level.Trial)
    public void deleteJournal() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Recovery as at start-up: open the file, read, check and decode every record, apply it to the state. */
    @Benchmark
    public long replay() throws IOException {
        LockFreeDispatcher d = new LockFreeDispatcher(hall, new VirtualClock(OPENING), new PersonKeys(SALT));
        Recovery.Result r;
        try (FileJournal journal = new FileJournal(file, new EventCodec(hall))) {
            r = Recovery.replay(journal, d);
        }
        if (r.lastSeq() != lastSeq || d.snapshot().seq() != lastSeq) {
            throw new IllegalStateException("replayed up to " + r.lastSeq() + ", expected " + lastSeq);
        }
        return d.snapshot().seq();
    }

    /** The same file read and decoded, applied to nothing: the codec's and the file's share of {@link #replay}. */
    @Benchmark
    public long decodeOnly(Blackhole bh) throws IOException {
        long n = FileJournal.read(file, new EventCodec(hall), bh::consume);
        if (n != lastSeq) {
            throw new IllegalStateException("read " + n + " events, expected " + lastSeq);
        }
        return n;
    }
}
