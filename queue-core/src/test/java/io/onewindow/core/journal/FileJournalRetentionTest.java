package io.onewindow.core.journal;

import static io.onewindow.core.journal.EventCodecTest.SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of the file journal ({@link FileJournal#dropDaysBefore}): the days before the one kept are folded
 * into a checkpoint record that begins a new file, written beside the old one and renamed over it, while the hall
 * goes on appending; a restart rebuilds the same hall from the checkpoint and the kept days.
 */
@Timeout(60)
class FileJournalRetentionTest {

    private static final HallDefinition HALL = HallDefinitions.demo();
    private static final LocalDate FIRST = LocalDate.of(2026, 11, 23);
    /** The fourth of the four past days: kept, the three before it dropped. */
    private static final LocalDate FOURTH = FIRST.plusDays(3);

    private final EventCodec codec = new EventCodec(HALL);

    @TempDir
    Path data;

    /** A hall worked on several local days, each opened by the close of the day before. */
    private static final class PastDays {
        final VirtualClock clock = new VirtualClock(at(FIRST));
        final LockFreeDispatcher dispatcher = new LockFreeDispatcher(HALL, clock, new PersonKeys(SALT));
        final HallScript script = new HallScript(dispatcher, clock, 77);
        final List<Event> events = new ArrayList<>();
        /** The sequence number of the last event of each day worked, in order. */
        final List<Long> lastOfDay = new ArrayList<>();

        static java.time.Instant at(LocalDate day) {
            return ZonedDateTime.of(day, LocalTime.of(8, 30), HALL.zone()).toInstant();
        }

        /** Works {@code days} days from {@code from}: up to {@code commands} commands a day, from 08:30 to 17:00. */
        PastDays work(LocalDate from, int days, int commands) {
            for (int i = 0; i < days; i++) {
                LocalDate day = from.plusDays(i);
                clock.setMillis(at(day).toEpochMilli());
                if (!events.isEmpty()) {
                    add(dispatcher.closeDay());
                }
                for (int n = 0; n < commands && clock.instant().atZone(HALL.zone()).toLocalTime()
                        .isBefore(LocalTime.of(17, 0)); n++) {
                    add(script.step());
                }
                assertThat(Retention.dayOf(HALL, events.get(events.size() - 1))).isEqualTo(day);
                lastOfDay.add(events.get(events.size() - 1).seq());
            }
            return this;
        }

        private void add(Outcome o) {
            if (o instanceof Event e) {
                events.add(e);
            }
        }

        List<Event> after(long seq) {
            return events.stream().filter(e -> e.seq() > seq).toList();
        }
    }

    private static void appendAll(Journal journal, List<Event> events) throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (Event e : events) {
            futures.add(journal.append(e));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private Path file() {
        return FileJournal.path(data, HALL.id());
    }

    private Path leftover() {
        return file().resolveSibling("journal.log" + FileJournal.COMPACT_SUFFIX);
    }

    private PastDays journalFourDays() throws Exception {
        PastDays past = new PastDays().work(FIRST, 4, 400);
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            appendAll(journal, past.events);
        }
        return past;
    }

    /** What replay hands out: the checkpoint (or null) and the events after it. */
    private record Replayed(HallCheckpoint start, List<Event> events) {
    }

    private Replayed replay(FileJournal journal) throws IOException {
        AtomicReference<HallCheckpoint> start = new AtomicReference<>();
        List<Event> events = new ArrayList<>();
        journal.replay(cp -> assertThat(start.getAndSet(cp)).as("one checkpoint").isNull(), events::add);
        return new Replayed(start.get(), events);
    }

    @Test
    void shouldDropThreeOfFourPastDaysBehindACheckpointAndRestartAsTheSameHallWithTheNextNumber() throws Exception {
        PastDays past = journalFourDays();
        long lastDropped = past.lastOfDay.get(2);

        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            assertThat(replay(journal).events()).isEqualTo(past.events);
            long sizeBefore = Files.size(file());
            assertThat(journal.dropDaysBefore(FOURTH)).as("days dropped").isEqualTo(3);
            assertThat(Files.size(file())).as("a smaller file").isLessThan(sizeBefore);
            assertThat(journal.dropDaysBefore(FOURTH)).as("nothing more to drop").isEqualTo(0);
            assertThat(journal.durableSeq()).isEqualTo(past.dispatcher.snapshot().seq());
            List<HallCheckpoint> rebuiltFrom = new ArrayList<>();
            List<Event> rebuilt = new ArrayList<>();
            journal.readDurable(rebuiltFrom::add, rebuilt::add); // what a rebuild after a write failure reads
            assertThat(rebuiltFrom).extracting(HallCheckpoint::seq).containsExactly(lastDropped);
            assertThat(rebuilt).isEqualTo(past.after(lastDropped));
            assertThatThrownBy(() -> FileJournal.forHall(data, HALL)).as("the lock held across the swap")
                    .isInstanceOf(IOException.class).hasMessageContaining("already open");
            assertThat(leftover()).doesNotExist();
        }
        byte[] head = Arrays.copyOfRange(Files.readAllBytes(file()), FileJournal.HEADER_BYTES,
                FileJournal.HEADER_BYTES + FileJournal.CHECKPOINT_TAG.length);
        assertThat(new String(head, StandardCharsets.US_ASCII)).as("the file begins with its checkpoint")
                .isEqualTo("checkpoint\n");
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                    .isEqualTo("rw-------");
        }

        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            Replayed r = replay(journal);
            assertThat(r.start().seq()).as("the checkpoint stands at the last event of the third day")
                    .isEqualTo(lastDropped);
            assertThat(r.start().last()).isEqualTo(past.events.get((int) lastDropped - 1));
            assertThat(r.events()).as("exactly the events of the day kept").isEqualTo(past.after(lastDropped));
        }

        LockFreeDispatcher recovered = new LockFreeDispatcher(HALL, past.clock, new PersonKeys(SALT));
        List<Event> readersSaw = new ArrayList<>();
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            Recovery.Result result = Recovery.replay(journal, recovered, cp -> { }, List.of(readersSaw::add));
            assertThat(result.lastSeq()).isEqualTo(past.dispatcher.snapshot().seq());
            assertThat(readersSaw).isEqualTo(past.after(lastDropped));
            SameHall.assertSameHall(past.dispatcher, recovered, 0);
            assertThat(recovered.snapshot().waitingTickets()).isEqualTo(past.dispatcher.snapshot().waitingTickets());

            Event next = (Event) recovered.issue(IssueRequest.of("A"));
            assertThat(next).as("the next number, as the hall that never stopped gives it")
                    .isEqualTo(past.dispatcher.issue(IssueRequest.of("A")));
            journal.append(next).get(10, TimeUnit.SECONDS);
        }
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            Replayed r = replay(journal);
            assertThat(r.events().get(r.events().size() - 1).seq()).as("appended after the checkpoint's file")
                    .isEqualTo(past.dispatcher.snapshot().seq());
        }
    }

    @Test
    void shouldWriteEveryAppendRacingWithCompactionsOnceAndInOrder() throws Exception {
        PastDays past = new PastDays().work(FIRST, 3, 300);
        past.clock.setMillis(PastDays.at(FOURTH).toEpochMilli());
        long before = past.dispatcher.snapshot().seq();
        int threads = 4;
        List<Event> told = Collections.synchronizedList(new ArrayList<>());
        List<Event> raced = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        int[] dropped = new int[2];

        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            appendAll(journal, past.events);
            journal.addDurableListener(told::add);
            for (int t = 0; t < threads; t++) {
                HallScript script = new HallScript(past.dispatcher, past.clock, 500 + t);
                Thread w = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 20_000 && !stop.get(); i++) {
                            if (script.step() instanceof Event e) {
                                raced.add(e);
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
            while (journal.durableSeq() < before + 300) {
                Thread.sleep(1);
            }
            dropped[0] = journal.dropDaysBefore(FIRST.plusDays(1));
            dropped[1] = journal.dropDaysBefore(FOURTH);
            Thread.sleep(20);
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(failures).hasValue(0);
            assertThat(dropped).as("days dropped by each compaction").containsExactly(1, 2);
            assertThat(journal.durableSeq()).isEqualTo(past.dispatcher.snapshot().seq());
            assertThat(told).extracting(Event::seq).as("listeners told of every appended event once, in order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(before + 1, past.dispatcher.snapshot().seq())
                            .boxed().toList());
        }

        raced.sort(Comparator.comparingLong(Event::seq));
        LockFreeDispatcher recovered = new LockFreeDispatcher(HALL, past.clock, new PersonKeys(SALT));
        List<Event> replayed = new ArrayList<>();
        HallCheckpoint[] start = new HallCheckpoint[1];
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            Recovery.replay(journal, recovered, cp -> start[0] = cp, List.of(replayed::add));
        }
        assertThat(start[0].seq()).as("the checkpoint at the last event of the third day").isEqualTo(before);
        assertThat(replayed).as("every raced event once, in order, after the checkpoint").isEqualTo(raced);
        SameHall.assertSameHall(past.dispatcher, recovered, 0);
    }

    @Test
    void shouldStartFromTheWholeOldFileAndDeleteWhatACompactionLeftWhenItCrashedBeforeTheRename() throws Exception {
        PastDays past = journalFourDays();
        Path elsewhere = data.resolve("copy");
        Files.createDirectories(elsewhere.resolve(HALL.id()));
        Files.copy(file(), FileJournal.path(elsewhere, HALL.id()));
        try (FileJournal copy = FileJournal.forHall(elsewhere, HALL)) {
            replay(copy);
            assertThat(copy.dropDaysBefore(FOURTH)).isEqualTo(3);
        }
        byte[] compacted = Files.readAllBytes(FileJournal.path(elsewhere, HALL.id()));

        // a crash after the new file was forced, before the rename; then one in the middle of writing it
        for (byte[] left : List.of(compacted, Arrays.copyOf(compacted, compacted.length / 2))) {
            Files.write(leftover(), left);
            try (FileJournal journal = FileJournal.forHall(data, HALL)) {
                assertThat(leftover()).as("the leftover is deleted at open").doesNotExist();
                Replayed r = replay(journal);
                assertThat(r.start()).as("the old file, untouched").isNull();
                assertThat(r.events()).isEqualTo(past.events);
            }
        }

        // and a compaction after such a start goes through
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            replay(journal);
            assertThat(journal.dropDaysBefore(FOURTH)).isEqualTo(3);
        }
        assertThat(Files.readAllBytes(file())).as("the same file as the compaction elsewhere").isEqualTo(compacted);
    }

    @Test
    void shouldLeaveTheOldFileAndGoOnAppendingWhenTheNewFileCannotBeWritten() throws Exception {
        PastDays past = new PastDays().work(FIRST, 4, 300);
        List<Event> firstDays = past.events.subList(0, (int) (long) past.lastOfDay.get(2));
        List<Event> lastDay = past.after(past.lastOfDay.get(2));
        AtomicInteger opened = new AtomicInteger();
        AtomicBoolean fullForTheNewFile = new AtomicBoolean(true);
        try (FileJournal journal = new FileJournal(file(), codec, ch -> {
            FullDiskChannel c = new FullDiskChannel(ch);
            if (opened.getAndIncrement() > 0 && fullForTheNewFile.get()) {
                c.fill(); // the disk fills as the compaction writes its new file
            }
            return c;
        })) {
            appendAll(journal, firstDays);
            byte[] before = Files.readAllBytes(file());
            assertThatThrownBy(() -> journal.dropDaysBefore(FOURTH)).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(Files.readAllBytes(file())).as("the old file as it was").isEqualTo(before);
            assertThat(leftover()).doesNotExist();
            assertThat(journal.failure()).as("the journal still writes").isNull();

            appendAll(journal, lastDay);
            fullForTheNewFile.set(false);
            assertThat(journal.dropDaysBefore(FOURTH)).isEqualTo(3);
        }
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            Replayed r = replay(journal);
            assertThat(r.start().seq()).isEqualTo(past.lastOfDay.get(2));
            assertThat(r.events()).isEqualTo(lastDay);
        }
    }

    @Test
    void shouldRefuseToStartAndSayWhereWhenTheCheckpointRecordIsCorrupt() throws Exception {
        PastDays past = journalFourDays();
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            replay(journal);
            journal.dropDaysBefore(FOURTH);
        }
        flipABitOfTheCheckpoint();
        byte[] damaged = Files.readAllBytes(file());
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            assertThatThrownBy(() -> replay(journal)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file().toString()).hasMessageContaining("offset 0")
                    .hasMessageContaining("checkpoint");
        }
        assertThat(Files.readAllBytes(file())).as("left as it was").isEqualTo(damaged);

        // a file that holds only its checkpoint (every day dropped): nothing good follows, still not a torn tail
        Files.delete(file());
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            appendAll(journal, past.events);
            assertThat(journal.dropDaysBefore(FOURTH.plusDays(1))).isEqualTo(4);
        }
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            Replayed r = replay(journal);
            assertThat(r.start().seq()).isEqualTo(past.dispatcher.snapshot().seq());
            assertThat(r.events()).isEmpty();
        }
        flipABitOfTheCheckpoint();
        byte[] alone = Files.readAllBytes(file());
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            assertThatThrownBy(() -> replay(journal)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file().toString()).hasMessageContaining("checkpoint record at offset 0");
        }
        assertThat(Files.readAllBytes(file())).as("not cut to nothing").isEqualTo(alone);
    }

    @Test
    void shouldRefuseAReplayWithoutAStartOfAFileThatBeginsAtACheckpoint() throws Exception {
        journalFourDays();
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            replay(journal);
            journal.dropDaysBefore(FOURTH);
        }
        try (FileJournal journal = FileJournal.forHall(data, HALL)) {
            assertThatThrownBy(() -> journal.replay(e -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("checkpoint");
        }
    }

    private void flipABitOfTheCheckpoint() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            long at = FileJournal.HEADER_BYTES + FileJournal.CHECKPOINT_TAG.length + 30;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x04);
        }
    }
}
