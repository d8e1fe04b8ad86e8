package io.onewindow.core.journal;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The embedded journal: one append-only file per hall, {@code <data>/<hallId>/journal.log}, written by one
 * thread with group commit. Thread-safe: {@link #append} from any thread (it never blocks and never touches the
 * file); Single-writer: the file is written and forced only by the journal's own daemon thread,
 * {@code onewindow-journal-<hallId>}.
 *
 * <p><b>Record format.</b> Each event is one record {@code [length:int][crc32c:int][payload:length bytes]},
 * big-endian, the payload being the {@link EventCodec} JSON and the checksum CRC-32C over the payload. Records
 * follow each other in sequence order, nothing else in the file.
 *
 * <pre>
 *  any thread            MPSC queue            journal thread                       file
 *  append(e#7) ──┐
 *  append(e#5) ──┼──▶ [7][5][6] ──drain──▶ reorder buffer {5,6,7}
 *  append(e#6) ──┘                         next = 5: take 5,6,7 ──write──▶ [r5][r6][r7] ──force(false)
 *                                          then, in order: durableSeq = 7, complete 5,6,7, tell listeners
 * </pre>
 *
 * <p><b>Assumptions and guarantees.</b>
 * <ul>
 *   <li>Appends may arrive in any order of sequence numbers; the journal writes only the contiguous prefix that
 *       follows the last durable one, in one write per batch and one {@code force(false)} per batch (group
 *       commit: 100 concurrent commands cost one fsync, not 100). An event whose predecessor has not arrived
 *       waits in the reorder buffer.</li>
 *   <li>A future completes only after its record and every earlier one are forced to the device, on the journal
 *       thread, in sequence order; {@link #durableSeq()} is raised before the futures of the batch complete.
 *       Callers that continue on an event loop should hop back to it.</li>
 *   <li>Durable listeners are told of every appended event exactly once, in sequence order, after it is
 *       durable, on the journal thread. Replayed events are not told to them (they go to the replay sink).</li>
 *   <li>An append of a sequence number already durable or already waiting fails its future with
 *       {@link IllegalArgumentException}; nothing is written twice.</li>
 *   <li>{@link #replay} reads every record up to the first torn or corrupt one (short read, impossible length,
 *       checksum mismatch) and truncates the file there, so later appends follow the last good record. A record
 *       whose checksum is right but that cannot be decoded, or that breaks the sequence, is not a torn tail but
 *       a journal of another hall or a bug: replay fails with an {@link IOException} and changes nothing.</li>
 *   <li>A write or force failure fails that batch's futures and every later append: a journal that cannot
 *       write does not pretend to.</li>
 *   <li>The file is locked ({@link FileChannel#tryLock()}) while open: a second journal on the same hall, in
 *       this process or another, is refused.</li>
 * </ul>
 * Not guaranteed: a future of an event whose predecessor never arrives never completes (the dispatcher's
 * sequence is gap-free, so this means a caller lost an event); {@link #close()} fails such futures.
 */
public final class FileJournal implements Journal {

    /** Records larger than this are taken for garbage: an event is a few hundred bytes. */
    static final int MAX_RECORD_BYTES = 1 << 20;
    static final int HEADER_BYTES = 8;
    /** One write and one force carry at most this much; the rest follows in the next batch at once. */
    private static final int MAX_BATCH_EVENTS = 8192;
    private static final int MAX_BATCH_BYTES = 4 << 20;

    /** How long the writer sleeps when idle before it looks again; appends wake it at once. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path file;
    private final EventCodec codec;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread writer;
    private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
    private final DurableListeners durable = DurableListeners.reportingToThread();
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicBoolean replayed = new AtomicBoolean();

    /** Set by the writer before it parks, cleared after: an appender that sees it set unparks the writer. */
    private volatile boolean writerSleeping;
    private volatile boolean closing;
    /** Written by the journal thread (and by replay, before the writer has work); read by anyone. */
    /** Set once by the writer when it cannot write; every later append fails with it. */
    private volatile Throwable failure;
    /** Batches written and forced so far: written by the journal thread only, read by tests. */
    private volatile long commits;
    /** The file offset after the last good record; set by recovery, then advanced by the writer only. */
    private volatile long endOffset = -1;

    // confined to the writer thread
    private final Map<Long, Pending> reorder = new HashMap<>();
    private ByteBuffer batch = ByteBuffer.allocateDirect(64 * 1024);
    private final CRC32C crc = new CRC32C();

    /** The journal of a hall under the data folder: {@link #path}. */
    public static FileJournal forHall(Path dataDir, HallDefinition hall) throws IOException {
        return new FileJournal(path(dataDir, hall.id()), new EventCodec(hall));
    }

    /** Where the journal of a hall lies under the data folder: {@code <dataDir>/<hallId>/journal.log}. */
    public static Path path(Path dataDir, String hallId) {
        return dataDir.resolve(hallId).resolve("journal.log");
    }

    /** Opens (or creates) the journal file and starts its writer thread. */
    public FileJournal(Path file, EventCodec codec) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.codec = Objects.requireNonNull(codec, "codec");
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        boolean created = !Files.exists(file);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (created && dir != null) {
            forceDirectory(dir); // a new file's name is durable only once its directory is
        }
        FileLock l;
        try {
            l = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            channel.close();
            throw new IOException("journal " + file + " is already open in another journal");
        }
        this.lock = l;
        this.writer = new Thread(this::runWriter, "onewindow-journal-" + codec.hall().id());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open a directory; their file systems order the name with the data
        }
    }

    /** The file this journal writes. */
    public Path file() {
        return file;
    }

    @Override
    public CompletableFuture<Void> append(Event event) {
        Objects.requireNonNull(event, "event");
        CompletableFuture<Void> done = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            done.completeExceptionally(failed);
            return done;
        }
        if (closing) {
            done.completeExceptionally(new IllegalStateException("journal " + file + " is closed"));
            return done;
        }
        byte[] payload = codec.encode(event); // on the caller's thread: the writer only copies bytes
        appended.set(true);
        Pending pending = new Pending(event, payload, done);
        inbox.offer(pending);
        if (closing && inbox.remove(pending)) {
            // close began and the writer may have drained the inbox for the last time: only the writer polls,
            // so if this is still there no one else will answer it
            done.completeExceptionally(new IllegalStateException("journal " + file + " is closed"));
            return done;
        }
        // the offer (a volatile write) happens before this volatile read, and the writer sets writerSleeping
        // before it looks at the inbox a last time: one of the two sees the other, no wake-up is lost
        if (writerSleeping) {
            LockSupport.unpark(writer);
        }
        return done;
    }

    @Override
    public void replay(Consumer<Event> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        if (appended.get()) {
            throw new IllegalStateException("replay runs at start-up, before any append");
        }
        if (!replayed.compareAndSet(false, true)) {
            throw new IllegalStateException("replay runs once");
        }
        recover(sink);
    }

    /**
     * Reads the records of a journal file without changing it, up to the first torn or corrupt one: for tools
     * and checks. Returns how many events it delivered.
     */
    public static long read(Path file, EventCodec codec, Consumer<Event> sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(ch, codec, sink, new long[2]);
        }
    }

    /** How many batches were written, each with one write and one force. */
    long commits() {
        return commits;
    }

    @Override
    public long durableSeq() {
        return durable.durableSeq();
    }

    @Override
    public void addDurableListener(Consumer<Event> listener) {
        durable.add(listener);
    }

    /**
     * Writes what can be written (the contiguous prefix of what was appended), stops the writer, fails the
     * futures of events whose predecessors never came, and closes the file. Blocks until the writer stopped.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        boolean interrupted = false;
        while (writer.isAlive() && Thread.currentThread() != writer) { // a future's callback may close it
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing is left to write: every completed future was forced before it completed
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- recovery

    /** Scans the file, delivers each good event to the sink (if any), truncates a torn tail. */
    private void recover(Consumer<Event> sink) throws IOException {
        long[] endAndSeq = new long[2];
        scan(channel, codec, sink, endAndSeq);
        long goodEnd = endAndSeq[0];
        if (channel.size() > goodEnd) {
            channel.truncate(goodEnd); // cut the torn or corrupt tail: it was never acknowledged
            channel.force(true);
        }
        durable.durableUpTo(endAndSeq[1]);
        endOffset = goodEnd; // volatile write: publishes the recovered state to the writer
    }

    /**
     * Reads records from the start; stops at the end or at the first torn or corrupt record. Writes the offset
     * after the last good record to {@code out[0]} and its sequence number to {@code out[1]}.
     */
    private static long scan(FileChannel ch, EventCodec codec, Consumer<Event> sink, long[] out)
            throws IOException {
        RecordReader in = new RecordReader(ch);
        CRC32C crc = new CRC32C();
        long good = 0; // the file offset after the last good record, where the reader stands
        long lastSeq = 0;
        long count = 0;
        while (in.ensure(good, HEADER_BYTES)) {
            ByteBuffer buf = in.buf;
            int start = buf.position();
            int length = buf.getInt(start);
            int checksum = buf.getInt(start + 4);
            if (length <= 0 || length > MAX_RECORD_BYTES || !in.ensure(good, HEADER_BYTES + length)) {
                break; // a torn or garbage length, or a record cut short: the tail starts here
            }
            buf = in.buf;
            start = buf.position();
            int payload = buf.arrayOffset() + start + HEADER_BYTES;
            crc.reset();
            crc.update(buf.array(), payload, length);
            if ((int) crc.getValue() != checksum) {
                break; // corrupt: a torn write, or a flipped bit
            }
            Event e;
            try {
                e = codec.decode(buf.array(), payload, length);
            } catch (IOException | RuntimeException ex) {
                throw new IOException("record at offset " + good + " has a good checksum but cannot be read: "
                        + "is this the journal of hall " + codec.hall().id() + "?", ex);
            }
            if (e.seq() != lastSeq + 1) {
                throw new IOException("record at offset " + good + " holds event " + e.seq() + " after "
                        + lastSeq + ": the journal is out of sequence");
            }
            if (sink != null) {
                sink.accept(e);
            }
            buf.position(start + HEADER_BYTES + length);
            good += HEADER_BYTES + length;
            lastSeq = e.seq();
            count++;
        }
        out[0] = good;
        out[1] = lastSeq;
        return count;
    }

    /** A sequential reader of the file through one heap buffer. Confined to the recovering thread. */
    private static final class RecordReader {
        private final FileChannel ch;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);

        RecordReader(FileChannel ch) {
            this.ch = ch;
            buf.limit(0);
        }

        /**
         * Makes the buffer hold at least {@code need} bytes from its position, which stands at file offset
         * {@code at}, reading more of the file as needed; false when the file ends first.
         */
        boolean ensure(long at, int need) throws IOException {
            if (buf.remaining() >= need) {
                return true;
            }
            long readFrom = at + buf.remaining();
            if (buf.capacity() < need) {
                ByteBuffer bigger = ByteBuffer.allocate(need);
                bigger.put(buf);
                buf = bigger;
            } else {
                buf.compact();
            }
            while (buf.hasRemaining()) {
                int n = ch.read(buf, readFrom);
                if (n < 0) {
                    break;
                }
                readFrom += n;
            }
            buf.flip();
            return buf.remaining() >= need;
        }
    }

    // ---------------------------------------------------------------- the writer

    private void runWriter() {
        List<Pending> ready = new ArrayList<>();
        for (;;) {
            if (endOffset < 0 && failure == null && !inbox.isEmpty()) {
                ensureRecovered(); // appended to without a replay: find the end of the file first
            }
            Pending p;
            boolean got = false;
            while ((p = inbox.poll()) != null) {
                got = true;
                accept(p);
            }
            if (got) {
                takeContiguous(ready);
            }
            if (!ready.isEmpty()) {
                commit(ready);
                ready.clear();
                takeContiguous(ready); // what a capped batch left behind
                continue; // and what arrived while we wrote
            }
            if (closing && inbox.isEmpty()) {
                break;
            }
            writerSleeping = true;
            if (inbox.isEmpty() && !closing) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
            writerSleeping = false;
        }
        IllegalStateException closed = new IllegalStateException("journal " + file
                + " closed before the events preceding these were appended");
        for (Pending left : reorder.values()) {
            left.done.completeExceptionally(closed);
        }
        reorder.clear();
        Pending late;
        while ((late = inbox.poll()) != null) {
            late.done.completeExceptionally(closed);
        }
    }

    /** Recovery without a sink, for a journal appended to without a replay (a new hall). */
    private void ensureRecovered() {
        try {
            recover(null);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void accept(Pending p) {
        Throwable failed = failure;
        if (failed != null) {
            p.done.completeExceptionally(failed);
            return;
        }
        long seq = p.event.seq();
        if (seq <= durable.durableSeq() || reorder.putIfAbsent(seq, p) != null) {
            p.done.completeExceptionally(new IllegalArgumentException("event " + seq + " was appended already"));
        }
    }

    private void takeContiguous(List<Pending> ready) {
        long next = ready.isEmpty() ? durable.durableSeq() + 1 : ready.get(ready.size() - 1).event.seq() + 1;
        int bytes = 0;
        for (Pending r : ready) {
            bytes += HEADER_BYTES + r.payload.length;
        }
        Pending p;
        while (ready.size() < MAX_BATCH_EVENTS && bytes < MAX_BATCH_BYTES && (p = reorder.remove(next)) != null) {
            ready.add(p);
            bytes += HEADER_BYTES + p.payload.length;
            next++;
        }
    }

    private void commit(List<Pending> ready) {
        try {
            int bytes = 0;
            for (Pending p : ready) {
                bytes += HEADER_BYTES + p.payload.length;
            }
            if (batch.capacity() < bytes) {
                batch = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes) << 1);
            }
            batch.clear();
            for (Pending p : ready) {
                crc.reset();
                crc.update(p.payload);
                batch.putInt(p.payload.length).putInt((int) crc.getValue()).put(p.payload);
            }
            batch.flip();
            long at = endOffset;
            while (batch.hasRemaining()) {
                at += channel.write(batch, at);
            }
            channel.force(false); // the group commit: one force for the whole batch
            endOffset = at;
            commits++; // single writer: a plain increment of the volatile is safe
        } catch (IOException | RuntimeException e) {
            for (Pending p : ready) {
                p.done.completeExceptionally(e);
            }
            fail(e);
            return;
        }
        durable.durableUpTo(ready.get(ready.size() - 1).event.seq()); // before any listener or future hears of it
        for (Pending p : ready) {
            durable.tell(p.event); // first, so a screen is told no later than the command's caller
            p.done.complete(null);
        }
    }

    private void fail(Throwable e) {
        failure = e;
        for (Pending p : reorder.values()) {
            p.done.completeExceptionally(e);
        }
        reorder.clear();
    }

    private record Pending(Event event, byte[] payload, CompletableFuture<Void> done) {
    }
}
