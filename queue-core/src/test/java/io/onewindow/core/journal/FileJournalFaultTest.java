package io.onewindow.core.journal;

import static io.onewindow.core.journal.EventCodecTest.MONDAY_MORNING;
import static io.onewindow.core.journal.EventCodecTest.SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded journal does when its file, its disk or its own thread goes wrong. */
@Timeout(60)
class FileJournalFaultTest {

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

    /** Offsets of the records, read from their length fields. */
    private static List<Long> recordOffsets(Path file) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long at = 0;
            while (at < raf.length()) {
                offsets.add(at);
                raf.seek(at);
                at += FileJournal.HEADER_BYTES + raf.readInt();
            }
        }
        return offsets;
    }

    @Test
    void shouldRefuseToStartAndSayWhereWhenACorruptRecordIsFollowedByGoodOnes() throws Exception {
        List<Event> events = script(300, 21);
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 100));
        }
        long offset = recordOffsets(file).get(49); // the record of event 50
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset + FileJournal.HEADER_BYTES + 10);
            int b = raf.read();
            raf.seek(offset + FileJournal.HEADER_BYTES + 10);
            raf.write(b ^ 0x04); // one flipped bit in the middle of the journal: a bad sector, not a crash
        }
        byte[] before = Files.readAllBytes(file);

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            List<Event> seen = new ArrayList<>();
            assertThatThrownBy(() -> journal.replay(seen::add)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("offset " + offset)
                    .hasMessageContaining("after event 49");
        }

        assertThat(Files.readAllBytes(file)).as("the damaged journal is left as it was").isEqualTo(before);
    }

    @Test
    void shouldStillCutACorruptLastRecordAsATornTail() throws Exception {
        List<Event> events = script(300, 22);
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, events.subList(0, 60));
        }
        long last = recordOffsets(file).get(59);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(last + 20); // the last write was cut by the crash
            raf.seek(last + 12);
            raf.write(0x55);
        }

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 59));
        }
        assertThat(Files.size(file)).isEqualTo(last);
    }

    /**
     * A journal appended to without a replay finds the end of its file (and its last event) first. The writer
     * looked at its inbox, found it empty and so did not look, then took an append that arrived in between: on an
     * empty file it wrote it at no position ("Negative position", seen once in a full build) and failed it; on a
     * file holding events it waited for ever for events the file already held. Here the append arrives exactly
     * there, from the writer's hook.
     */
    @Test
    void shouldWriteAnAppendThatArrivesJustAfterTheWriterFoundNoneWithoutAReplay() throws Exception {
        List<Event> events = script(30, 24);
        appendJustAfterTheWriterLooked(data.resolve("empty"), events.get(0));
        try (FileJournal journal = FileJournal.forHall(data.resolve("empty"), hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 1));
        }
        try (FileJournal journal = FileJournal.forHall(data.resolve("ten"), hall)) {
            appendAll(journal, events.subList(0, 10));
        }
        appendJustAfterTheWriterLooked(data.resolve("ten"), events.get(10));
        try (FileJournal journal = FileJournal.forHall(data.resolve("ten"), hall)) {
            assertThat(replayed(journal)).isEqualTo(events.subList(0, 11));
        }
    }

    private void appendJustAfterTheWriterLooked(Path folder, Event event) throws Exception {
        try (FileJournal journal = FileJournal.forHall(folder, hall)) {
            CompletableFuture<CompletableFuture<Void>> appended = new CompletableFuture<>();
            journal.beforeTaking = () -> {
                if (!appended.isDone()) {
                    appended.complete(journal.append(event));
                }
            };
            appended.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            journal.beforeTaking = null;
        }
    }

    @Test
    void shouldFailEveryWaitingAndLaterAppendWhenTheJournalThreadDiesOfAnError() throws Exception {
        List<Event> events = script(50, 23);
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            journal.addDurableListener(e -> {
                if (e.seq() == 3) {
                    throw new StackOverflowError("a listener recursed without end");
                }
            });
            appendAll(journal, events.subList(0, 2));

            CompletableFuture<Void> third = journal.append(events.get(2));
            CompletableFuture<Void> fifth = journal.append(events.get(4)); // waits for the fourth

            assertThatThrownBy(() -> third.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("journal thread stopped");
            assertThatThrownBy(() -> fifth.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            CompletableFuture<Void> later = journal.append(events.get(3));
            assertThatThrownBy(() -> later.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("StackOverflowError");
            assertThat(journal.failure()).isNotNull();
            assertThatThrownBy(journal::resumeAfterFailure).isInstanceOf(IOException.class).hasMessageContaining("restart");
        }

        try (FileJournal reopened = FileJournal.forHall(data, hall)) {
            assertThat(replayed(reopened)).as("what was forced stays").isEqualTo(events.subList(0, 3));
        }
    }

    @Test
    void shouldRefuseWritesOnAFullDiskWithoutDamagingTheJournalAndResumeOnceThereIsRoom() throws Exception {
        List<Event> events = script(400, 24);
        Path file = data.resolve("demo/journal.log");
        AtomicReference<FullDiskChannel> disk = new AtomicReference<>();
        try (FileJournal journal = new FileJournal(file, codec, ch -> {
            disk.set(new FullDiskChannel(ch));
            return disk.get();
        })) {
            appendAll(journal, events.subList(0, 100));
            long durableSize = Files.size(file);

            disk.get().fill();
            CompletableFuture<Void> refused = journal.append(events.get(100));
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("No space left on device");
            CompletableFuture<Void> next = journal.append(events.get(101));
            assertThat(next).as("refused at once, not queued").isCompletedExceptionally();
            assertThat(journal.failure()).hasMessageContaining("No space left on device");
            assertThat(journal.durableSeq()).isEqualTo(100);
            assertThat(Files.size(file)).as("no half-written batch left behind").isEqualTo(durableSize);
            List<Event> durable = new ArrayList<>();
            journal.readDurable(durable::add);
            assertThat(durable).isEqualTo(events.subList(0, 100));
            assertThatThrownBy(journal::resumeAfterFailure).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(journal.append(events.get(100))).isCompletedExceptionally();

            disk.get().free();
            journal.resumeAfterFailure();
            assertThat(journal.failure()).isNull();
            appendAll(journal, events.subList(100, 150));
            assertThat(journal.durableSeq()).isEqualTo(150);
        }

        try (FileJournal reopened = FileJournal.forHall(data, hall)) {
            assertThat(replayed(reopened)).isEqualTo(events.subList(0, 150));
        }
    }

    @Test
    void shouldKeepTheJournalAndItsFolderReadableByTheOwnerOnly() throws Exception {
        Path file = data.resolve("demo/journal.log");
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            appendAll(journal, script(10, 25));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // made by an older build
        try (FileJournal reopened = FileJournal.forHall(data, hall)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }
}
