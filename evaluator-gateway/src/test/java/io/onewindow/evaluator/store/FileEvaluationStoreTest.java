package io.onewindow.evaluator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.ServiceRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's recovery: a torn last record is cut and the store goes on; a bad record with good ones
 * after it is damage, and the store refuses to open, naming the file and the offset, with the file unchanged.
 */
@Timeout(30)
class FileEvaluationStoreTest {

    @TempDir
    Path dir;

    private static Entry.Opened opened(long seq) {
        return new Entry.Opened(new ServiceRecord("demo." + seq, "demo", seq, seq, "A00" + seq, "A", "1", "0571",
                "王营定", 1_800_000_000_000L + seq, null));
    }

    /** Stores three entries and returns the file offset at which each record begins. */
    private long[] storeThree() throws Exception {
        FileEvaluationStore store = FileEvaluationStore.open(dir);
        store.replay(e -> { });
        for (long i = 1; i <= 3; i++) {
            store.append(opened(i)).join();
        }
        store.close();
        long[] offsets = new long[3];
        long at = 0;
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ)) {
            for (int i = 0; i < 3; i++) {
                offsets[i] = at;
                ByteBuffer len = ByteBuffer.allocate(4);
                ch.read(len, at);
                at += 8 + len.flip().getInt();
            }
            assertThat(at).isEqualTo(ch.size());
        }
        return offsets;
    }

    private Path file() {
        return dir.resolve("evaluations").resolve("evaluations.log");
    }

    private void flipByteAt(long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5A)).position(0);
            ch.write(b, offset);
        }
    }

    private List<Entry> replay() throws IOException {
        List<Entry> got = new ArrayList<>();
        FileEvaluationStore store = FileEvaluationStore.open(dir);
        try {
            store.replay(got::add);
            store.append(opened(9)).join();
        } finally {
            store.close();
        }
        return got;
    }

    @Test
    void shouldRefuseToOpenWhenABadRecordIsFollowedByGoodOnesAndSayWhere() throws Exception {
        long[] offsets = storeThree();
        flipByteAt(offsets[1] + 8 + 5); // inside the second record's entry: its checksum no longer matches
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(this::replay).isInstanceOf(IOException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("offset " + offsets[1])
                .hasMessageContaining("good record follows at offset " + offsets[2]);
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void shouldRefuseToOpenWhenTheLengthOfAMiddleRecordIsDamaged() throws Exception {
        long[] offsets = storeThree();
        flipByteAt(offsets[0] + 1); // the first record's length: far beyond the file, or impossible

        assertThatThrownBy(this::replay).isInstanceOf(IOException.class)
                .hasMessageContaining("offset " + offsets[0]);
    }

    @Test
    void shouldCutATornLastRecordAndGoOn() throws Exception {
        long[] offsets = storeThree();
        flipByteAt(offsets[2] + 8 + 3); // the last record only: a torn tail

        List<Entry> first = replay();
        List<Entry> again = replay();

        assertThat(first).containsExactly(opened(1), opened(2));
        assertThat(again).containsExactly(opened(1), opened(2), opened(9));
    }

    @Test
    void shouldCutALastRecordCutShortAndGoOn() throws Exception {
        long[] offsets = storeThree();
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(offsets[2] + 11);
        }

        List<Entry> first = replay();

        assertThat(first).containsExactly(opened(1), opened(2));
        assertThat(replay()).containsExactly(opened(1), opened(2), opened(9));
    }
}
