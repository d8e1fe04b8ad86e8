package io.onewindow.core.journal;

import static io.onewindow.core.journal.EventCodecTest.MONDAY_MORNING;
import static io.onewindow.core.journal.EventCodecTest.SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileJournalTest {

    private final HallDefinition hall = HallDefinitions.demo();
    private final EventCodec codec = new EventCodec(hall);

    @TempDir
    Path data;

    private List<Event> script(int commands, long seed) {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        return new HallScript(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, seed).run(commands);
    }

    private static void appendAll(Journal journal, List<Event> events) throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (Event e : events) {
            futures.add(journal.append(e));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private static List<Event> replayed(Journal journal) throws IOException {
        List<Event> out = new ArrayList<>();
        journal.replay(out::add);
        return out;
    }

    @Test
    void shouldReplayWhatWasAppendedAfterReopening() throws Exception {
        List<Event> events = script(800, 1);
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEmpty();
            appendAll(journal, events);
            assertThat(journal.durableSeq()).isEqualTo(events.size());
        }

        try (FileJournal reopened = FileJournal.forHall(data, hall)) {
            assertThat(replayed(reopened)).isEqualTo(events);
            assertThat(reopened.durableSeq()).isEqualTo(events.size());
        }
        assertThat(data.resolve("demo").resolve("journal.log")).exists();
    }

    @Test
    void shouldWriteEventsAppendedInAnyOrderInSequenceOrder() throws Exception {
        List<Event> events = script(500, 2);
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new java.util.Random(3));

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, shuffled);
        }

        List<Event> inFile = new ArrayList<>();
        FileJournal.read(data.resolve("demo/journal.log"), codec, inFile::add);
        assertThat(inFile).isEqualTo(events);
    }

    @Test
    void shouldCompleteAFutureOnlyOnceItsEventAndEveryEarlierOneAreInTheFile() throws Exception {
        List<Event> events = script(600, 4);
        Path file = data.resolve("demo/journal.log");
        List<List<Event>> fileWhenCompleted = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> seen = new ArrayList<>();

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            for (int i = events.size() - 1; i >= 0; i--) { // last first: each waits for all before it
                Event e = events.get(i);
                seen.add(journal.append(e).thenRun(() -> {
                    List<Event> onDisk = new ArrayList<>();
                    try {
                        FileJournal.read(file, codec, onDisk::add);
                    } catch (IOException ex) {
                        throw new RuntimeException(ex);
                    }
                    if (onDisk.size() < e.seq() || !onDisk.get((int) e.seq() - 1).equals(e)) {
                        fileWhenCompleted.add(onDisk);
                    }
                }));
            }
            CompletableFuture.allOf(seen.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }

        assertThat(fileWhenCompleted).as("futures completed before their events were in the file").isEmpty();
    }

    @Test
    void shouldWriteEventsThatWaitedForTheirPredecessorInOneWriteAndOneForce() throws Exception {
        List<Event> events = script(3_000, 13).subList(0, 1_000);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            journal.replay(e -> { });
            for (Event e : events.subList(1, events.size())) {
                acks.add(journal.append(e));
            }

            acks.add(journal.append(events.get(0)));
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(journal.commits()).as("one group commit for the 1,000 events").isEqualTo(1);
            assertThat(journal.durableSeq()).isEqualTo(1_000);
        }
    }

    @Test
    void shouldNeverCompleteAnEventWhosePredecessorNeverCame() throws Exception {
        List<Event> events = script(100, 5);
        CompletableFuture<Void> second;
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            second = journal.append(events.get(1));
            journal.append(events.get(2));
        }

        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(Files.size(data.resolve("demo/journal.log"))).isZero();
    }

    @Test
    void shouldRefuseAnEventAppendedTwice() throws Exception {
        List<Event> events = script(50, 6);
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 3));

            CompletableFuture<Void> again = journal.append(events.get(1));

            assertThatThrownBy(() -> again.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    IllegalArgumentException.class);
            appendAll(journal, events.subList(3, 5));
        }
        try (FileJournal reopened = FileJournal.forHall(data, hall)) {
            assertThat(replayed(reopened)).isEqualTo(events.subList(0, 5));
        }
    }

    @Test
    void shouldCutATornTailAndAppendAfterTheLastGoodRecord() throws Exception {
        List<Event> events = script(1000, 7);
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 100));
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 5); // the last record was being written when the power went
        }

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 99));
            assertThat(journal.durableSeq()).isEqualTo(99);
            appendAll(journal, events.subList(99, 150));
        }

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 150));
        }
    }

    @Test
    void shouldCutACorruptLastRecordAndAppendAfterTheLastGoodRecord() throws Exception {
        List<Event> events = script(1000, 8);
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 100));
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(size - 3);
            int b = raf.read();
            raf.seek(size - 3);
            raf.write(b ^ 0x20); // one flipped bit inside the last record's payload
        }

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 99));
            appendAll(journal, events.subList(99, 120));
        }

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 120));
        }
    }

    @Test
    void shouldCutAGarbageTailOfZeroes() throws Exception {
        List<Event> events = script(100, 9);
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 20));
        }
        long good = Files.size(file);
        Files.write(file, new byte[4096], java.nio.file.StandardOpenOption.APPEND);

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 20));
        }
        assertThat(Files.size(file)).isEqualTo(good);
    }

    @Test
    void shouldRefuseToReplayAnotherHallsJournalAndLeaveItAlone() throws Exception {
        List<Event> events = script(100, 10);
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events);
        }
        long size = Files.size(file);
        HallDefinition other = HallDefinitions.parse("""
                {"id":"demo","name":"另一个大厅","timezone":"Asia/Shanghai","open":"08:30","close":"17:00",
                 "categories":[{"code":"X","name":"其他","prefix":"X"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                """);

        try (FileJournal journal = FileJournal.forHall(data, other)) {
            assertThatThrownBy(() -> journal.replay(e -> { })).isInstanceOf(IOException.class)
                    .hasMessageContaining("good checksum");
        }

        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void shouldRefuseASecondJournalOnTheSameHall() throws Exception {
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThatThrownBy(() -> FileJournal.forHall(data, hall)).isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void shouldRefuseAReplayAfterAnAppend() throws Exception {
        List<Event> events = script(20, 11);
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 1));

            assertThatThrownBy(() -> journal.replay(e -> { })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldJournalEveryEventOfManyWindowsWorkingAtOnceInSequenceOrder() throws Exception {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        int threads = 4;
        int commandsEach = 1_500;
        List<Event> told = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            journal.addDurableListener(told::add);
            for (int t = 0; t < threads; t++) {
                HallScript script = new HallScript(dispatcher, clock, 100 + t);
                Thread w = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < commandsEach; i++) {
                            Outcome o = script.step();
                            if (o instanceof Event e) {
                                futures.add(journal.append(e));
                            }
                        }
                    } catch (Throwable e) {
                        failures.incrementAndGet();
                    }
                }, "window-" + t);
                w.start();
                workers.add(w);
            }
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(failures).hasValue(0);
            assertThat(journal.durableSeq()).isEqualTo(dispatcher.snapshot().seq());
            assertThat(told).extracting(Event::seq).as("listeners saw every event once, in order")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, dispatcher.snapshot().seq())
                            .boxed().toList());
        }

        LockFreeDispatcher recovered = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            Recovery.Result r = Recovery.replay(journal, recovered);
            assertThat(r.lastSeq()).isEqualTo(dispatcher.snapshot().seq());
        }
        assertThat(told).hasSize((int) dispatcher.snapshot().seq());
        SameHall.assertSameHall(dispatcher, recovered,
                told.stream().filter(e -> e instanceof Event.TicketIssued).count());
    }

    @Test
    void shouldGoOnJournalingWhenAListenerFails() throws Exception {
        List<Event> events = script(400, 14);
        List<Event> told = Collections.synchronizedList(new ArrayList<>());
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            journal.addDurableListener(e -> {
                throw new IllegalStateException("a broken screen");
            });
            journal.addDurableListener(told::add);
            Thread.UncaughtExceptionHandler quiet = (t, ex) -> { };
            journal.append(events.get(0)).get(10, TimeUnit.SECONDS); // the journal thread exists from here on
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("onewindow-journal-demo")) {
                    t.setUncaughtExceptionHandler(quiet);
                }
            }

            appendAll(journal, events.subList(1, events.size()));
        }

        assertThat(told).isEqualTo(events);
        try (FileJournal reopened = FileJournal.forHall(data, hall)) {
            assertThat(replayed(reopened)).isEqualTo(events);
        }
    }

    @Test
    void shouldFailAppendsAfterClose() throws Exception {
        List<Event> events = script(20, 12);
        FileJournal journal = FileJournal.forHall(data, hall);
        journal.close();

        CompletableFuture<Void> late = journal.append(events.get(0));

        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldGoOnServingIssuesAfterANewHallWasAppendedToWithoutReplay() throws Exception {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            Event first = (Event) dispatcher.issue(IssueRequest.of("A"));
            journal.append(first).get(10, TimeUnit.SECONDS);
        }

        LockFreeDispatcher restarted = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            Recovery.replay(journal, restarted);
            Event.TicketIssued second = (Event.TicketIssued) restarted.issue(IssueRequest.of("A"));
            journal.append(second).get(10, TimeUnit.SECONDS);

            assertThat(second.seq()).isEqualTo(2);
            assertThat(second.ticket().number()).isEqualTo("A002");
        }
    }
}
