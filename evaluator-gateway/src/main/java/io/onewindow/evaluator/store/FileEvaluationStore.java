package io.onewindow.evaluator.store;

import io.onewindow.core.journal.RecordScan;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.EvaluationStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one append-only file, {@code <data>/evaluations/evaluations.log}, of records
 * {@code [length:int][crc32c:int][entry JSON, UTF-8]}. Thread-safe: {@link #append} from any thread; one writer
 * thread of its own does every write and fsync.
 *
 * <pre>
 *  append ─▶ queue ─▶ writer thread: take every waiting entry ─▶ one write ─▶ fsync ─▶ complete their futures
 * </pre>
 * <b>Guarantees.</b> A future completes only after the fsync that covers its record returned (group commit: one
 * fsync for every entry that waited meanwhile). When a write or fsync fails, the batch's futures fail and the file
 * is cut back to where the batch began, so no entry that was refused comes back at the next start. Recovery reads
 * every whole record and cuts a torn tail (a record cut short or failing its checksum at the end: the write of a
 * batch that a crash interrupted, none of whose futures completed). A bad record that a good one follows is not
 * a torn tail but damage: {@link #replay} then fails with an {@link IOException} naming the file and the offset of
 * the bad record, and changes nothing, so the gateway refuses to start rather than drop acknowledged ratings.
 * The file is locked: a second process cannot open it.
 */
public final class FileEvaluationStore implements EvaluationStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileEvaluationStore.class);
    private static final int HEADER_BYTES = 8;
    private static final int MAX_RECORD_BYTES = 1 << 20;
    private static final int MAX_BATCH = 4096;

    private record Pending(Entry entry, byte[] bytes, CompletableFuture<Appended> done) {
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private boolean replayed;
    /** The end of the last record made durable: what {@link #readAll(String, Consumer)} reads up to. */
    private volatile long durableEnd;

    private FileEvaluationStore(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.writer = new Thread(this::writeLoop, "evaluations-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (or creates) the store under {@code dataDir}; blocking. */
    public static FileEvaluationStore open(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("evaluations");
        Files.createDirectories(dir);
        Path file = dir.resolve("evaluations.log");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException(file + " is held by another process");
        }
        return new FileEvaluationStore(file, ch, lock);
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public void replay(Consumer<Entry> sink) throws IOException {
        if (replayed) {
            throw new IllegalStateException("replay runs once, at start");
        }
        replayed = true;
        long size = channel.size();
        long[] count = new long[1];
        long pos = read(file, channel, size, e -> {
            sink.accept(e);
            count[0]++;
        });
        if (pos < size) {
            LOG.warn("{}: cut a torn tail of {} bytes after {} entries", file, size - pos, count[0]);
            channel.truncate(pos);
            channel.force(true);
        }
        channel.position(pos);
        durableEnd = pos;
        LOG.info("{}: replayed {} entries", file, count[0]);
        writer.start();
    }

    /**
     * Reads the store under {@code dataDir} without opening it for writing (a second reader, as a test or an
     * export would); stops at a torn tail, and fails on damage as {@link #replay} does. Blocking.
     */
    public static void readAll(Path dataDir, Consumer<Entry> sink) throws IOException {
        Path f = dataDir.resolve("evaluations").resolve("evaluations.log");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            read(f, ch, ch.size(), sink);
        }
    }

    /**
     * Reads the hall's entries made durable so far, on a channel of its own, up to the end of the last fsynced
     * batch (the writer may be writing the next one meanwhile: it is not read, and a failed batch is cut back only
     * beyond that end). Blocking; any thread.
     */
    @Override
    public void readAll(String hall, Consumer<Entry> sink) throws IOException {
        if (!replayed) {
            throw new IllegalStateException("replay the store before reading it");
        }
        long end = durableEnd;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            read(file, ch, end, e -> {
                if (e.hall().equals(hall)) {
                    sink.accept(e);
                }
            });
        }
    }

    /**
     * Hands every whole record to the sink; returns the offset after the last one. A bad record (an impossible
     * length, a record cut short, a wrong checksum) ends the file there only when nothing good follows it: a crash
     * tears the last write and nothing after it. A bad record followed by a good one, or a record whose checksum
     * is right but that is not an entry, is damage: an {@link IOException} naming the file and the offset, and
     * nothing changed.
     */
    private static long read(Path file, FileChannel ch, long size, Consumer<Entry> sink) throws IOException {
        long pos = 0;
        long count = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (pos + HEADER_BYTES <= size) {
            header.clear();
            readFully(ch, header, pos);
            header.flip();
            int len = header.getInt();
            int crc = header.getInt();
            if (len <= 0 || len > MAX_RECORD_BYTES || pos + HEADER_BYTES + len > size) {
                refuseIfGoodRecordFollows(file, ch, pos, count);
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(len);
            readFully(ch, body, pos + HEADER_BYTES);
            byte[] bytes = body.array();
            if (crc(bytes) != crc) {
                refuseIfGoodRecordFollows(file, ch, pos, count);
                break;
            }
            Entry e;
            try {
                e = EntryCodec.decode(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException notAnEntry) {
                throw new IOException(file + " is damaged: the record at offset " + pos + " (after " + count
                        + " entries) has a right checksum but is not an entry: " + notAnEntry.getMessage(),
                        notAnEntry);
            }
            sink.accept(e);
            count++;
            pos += HEADER_BYTES + len;
        }
        return pos;
    }

    /**
     * A bad record at {@code bad} is a torn tail only if nothing good follows it. Looks at every later offset for
     * a record with a plausible length and a right checksum (a random match is a 2^-32 chance per plausible
     * offset); finding one means the file was damaged after it was written, and cutting it there would drop
     * acknowledged ratings.
     */
    private static void refuseIfGoodRecordFollows(Path file, FileChannel ch, long bad, long entries)
            throws IOException {
        long good = RecordScan.goodRecordAfter(ch, bad, MAX_RECORD_BYTES);
        if (good >= 0) {
            throw new IOException(file + " is damaged: the record at offset " + bad + " (after " + entries
                    + " entries) is corrupt, yet a good record follows at offset " + good + ". Only the last"
                    + " write can be torn; refusing to start rather than drop the ratings after it. Keep a copy"
                    + " of the file, then restore it from a backup or cut it at offset " + bad
                    + " to give up what follows.");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of the evaluations file");
            }
            p += n;
        }
    }

    @Override
    public CompletableFuture<Appended> append(Entry entry) {
        CompletableFuture<Appended> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new IOException("the evaluation store is closed"));
            return done;
        }
        if (!replayed) {
            throw new IllegalStateException("replay the store before appending to it");
        }
        byte[] bytes = EntryCodec.encode(entry).getBytes(StandardCharsets.UTF_8);
        queue.add(new Pending(entry, bytes, done));
        return done;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                Pending first = queue.take();
                if (first.entry() == null) {
                    failAll(queue, new IOException("the evaluation store is closed"));
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                Pending poison = null;
                if (batch.get(batch.size() - 1).entry() == null) {
                    poison = batch.remove(batch.size() - 1);
                }
                write(batch);
                batch.clear();
                if (poison != null) {
                    failAll(queue, new IOException("the evaluation store is closed"));
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        int bytes = 0;
        for (Pending p : batch) {
            bytes += HEADER_BYTES + p.bytes().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        for (Pending p : batch) {
            buf.putInt(p.bytes().length).putInt(crc(p.bytes())).put(p.bytes());
        }
        buf.flip();
        long start = -1;
        try {
            start = channel.position();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            durableEnd = channel.position();
        } catch (IOException e) {
            LOG.error("{}: a batch of {} entries could not be made durable", file, batch.size(), e);
            try {
                if (start >= 0) {
                    channel.truncate(start);
                    channel.position(start);
                }
            } catch (IOException cut) {
                LOG.error("{}: cannot cut the failed batch back", file, cut);
            }
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
            return;
        }
        for (Pending p : batch) {
            p.done().complete(new Appended(Kind.STORED, p.entry()));
        }
    }

    private static void failAll(LinkedBlockingQueue<Pending> q, IOException e) {
        List<Pending> rest = new ArrayList<>();
        q.drainTo(rest);
        for (Pending p : rest) {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, b.length);
        return (int) c.getValue();
    }

    /** Writes what waits, then closes the file. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (writer.isAlive()) {
            queue.add(new Pending(null, null, null));
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("{}: closing failed", file, e);
        }
    }
}
