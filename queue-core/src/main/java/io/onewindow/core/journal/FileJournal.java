package io.onewindow.core.journal;

import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * The embedded journal: one append-only file per hall, {@code <data>/<hallId>/journal.log}, written by one
 * thread with group commit. Thread-safe: {@link #append} from any thread (it never blocks and never touches the
 * file); Single-writer: the file is written, forced, compacted and swapped only by the journal's own daemon
 * thread, {@code onewindow-journal-<hallId>}; {@link #dropDaysBefore} only asks it to and waits.
 *
 * <p><b>Record format.</b> Each event is one record {@code [length:int][crc32c:int][payload:length bytes]},
 * big-endian, the payload being the {@link EventCodec} JSON and the checksum CRC-32C over the payload. Records
 * follow each other in sequence order, nothing else in the file. A journal that dropped old days
 * ({@link #dropDaysBefore}) begins with one checkpoint record, framed the same way, whose payload is
 * {@link #CHECKPOINT_TAG} ({@code "checkpoint\n"}, where an event's JSON begins with <code>{</code>) followed by
 * the {@link CheckpointCodec} JSON (which names its own format version and hall); the events after it follow on
 * from its sequence number. A file without a checkpoint (every file written before retention, and every file
 * until its first drop) is read as before; a checkpoint anywhere but at offset 0 is damage. A server older than
 * retention refuses a compacted file (its first record is not an event) rather than misread it.
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
 *   <li>{@link #replay} reads every record up to a torn tail (short read, impossible length, checksum mismatch)
 *       and truncates the file there, so later appends follow the last good record. Only the tail can be torn:
 *       a bad record followed anywhere by a good one is damage, not a crash, and replay fails with an
 *       {@link IOException} naming the file, the offset and the last good event, and changes nothing. So does a
 *       record whose checksum is right but that cannot be decoded or breaks the sequence (another hall's
 *       journal, or a bug).</li>
 *   <li>A write or force failure (a full disk, an I/O error) fails that batch's futures and every append
 *       waiting behind it, cuts the file back to the last durable record, and {@link #failure() fails} every
 *       later append at once: a journal that cannot write does not pretend to. {@link #resumeAfterFailure()} checks that
 *       the file can be written again and then accepts appends from {@code durableSeq() + 1}.</li>
 *   <li>An {@link Error} on the journal thread (out of memory, a listener's stack overflow) stops the journal
 *       for good: every waiting and later append fails at once with it, and {@link #resumeAfterFailure()} refuses.</li>
 *   <li>The file and its folder are made owner-only ({@code rw-------}, {@code rwx------}) on POSIX file
 *       systems: a journal holds the day's tickets.</li>
 *   <li>The file is locked ({@link FileChannel#tryLock()}) while open: a second journal on the same hall, in
 *       this process or another, is refused. The new file of a compaction is locked before it takes the name,
 *       and a journal that locked a file that lost its name meanwhile (to a compaction) lets it go and refuses:
 *       the lock stays right across the swap.</li>
 * </ul>
 *
 * <p><b>Retention (compaction).</b> {@link #dropDaysBefore} (one at a time) does its steps:
 * <ol>
 *   <li>on the caller's thread, reading only: the checkpoint the file begins with (or a new hall), then the
 *       events of the days before {@code keepFrom} folded into it ({@link Retention}), up to the first kept event
 *       (only a prefix of days is dropped) or the last durable one; the new checkpoint record encoded. It reads
 *       durable records, which never change while the journal is open. Nothing to drop: done, nothing
 *       written.</li>
 *   <li>then it hands the journal thread the record and the offset of the first kept record, and waits. The
 *       thread takes it between two batches (everything before is written and forced, nothing half written),
 *       checks that the kept records begin there with the next event, creates {@code journal.log.compact}
 *       (owner-only), locks it, writes the checkpoint record, copies the kept records byte for byte up to its
 *       last durable one, forces it;</li>
 *   <li>renames it atomically over {@code journal.log}, forces the folder;</li>
 *   <li>writes from then on to the new file (at its end), and closes the old one (which lets its lock go).</li>
 * </ol>
 * A failure before the rename deletes the temporary file and changes nothing (the journal goes on in the old
 * file); a crash at any step leaves either the old file or the new one whole under the name, and the next open
 * deletes a leftover {@code journal.log.compact} (after taking the lock, so never another journal's). Appends
 * made during steps 2 to 4 wait in the inbox and are written to the new file afterwards, once each, in order:
 * they wait for the copy of the kept records (a month: some 28 MB at 1,000 tickets a day) and its force, once
 * a day (BENCHMARKS.md has the figures); accepted, rather than a second writer on the file. The decoding of the
 * dropped days (a year's worth at the first drop of an old journal, about the time of a start) does not hold
 * them.
 * Not guaranteed: a future of an event whose predecessor never arrives never completes (the dispatcher's
 * sequence is gap-free, so this means a caller lost an event); {@link #close()} fails such futures.
 */
public final class FileJournal implements Journal {

    /** Records larger than this are taken for garbage: an event is a few hundred bytes, a checkpoint a few KB. */
    static final int MAX_RECORD_BYTES = 1 << 20;
    /** The first bytes of a checkpoint record's payload; an event's JSON starts with a brace. */
    static final byte[] CHECKPOINT_TAG = "checkpoint\n".getBytes(StandardCharsets.US_ASCII);
    /** The suffix of the file a compaction writes before it takes the journal's name. */
    static final String COMPACT_SUFFIX = ".compact";
    static final int HEADER_BYTES = 8;
    /** One write and one force carry at most this much; the rest follows in the next batch at once. */
    private static final int MAX_BATCH_EVENTS = 8192;
    private static final int MAX_BATCH_BYTES = 4 << 20;

    /** How long the writer sleeps when idle before it looks again; appends wake it at once. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Written and cut away again by {@link #resumeAfterFailure()}: proves the device takes a block and a force again. */
    private static final int PROBE_BYTES = 4096;
    private static final long RESUME_TIMEOUT_SECONDS = 30;
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final EventCodec codec;
    private final CheckpointCodec checkpoints;
    private final UnaryOperator<FileChannel> channels;
    /** The open file: replaced by the journal thread when a compaction swaps files; closed by close(). */
    private volatile FileChannel channel;
    private volatile FileLock lock;
    private final Thread writer;
    private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
    private final DurableListeners durable = DurableListeners.reportingToThread();
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicBoolean replayed = new AtomicBoolean();

    /** Set by the writer before it parks, cleared after: an appender that sees it set unparks the writer. */
    private volatile boolean writerSleeping;
    private volatile boolean closing;
    /** Written by the journal thread (and by replay, before the writer has work); read by anyone. */
    /** Set by the writer when it cannot write; every later append fails with it until a resume clears it. */
    private volatile Throwable failure;
    /** Set with {@link #failure} when the writer stopped on an Error: no resume. */
    private volatile boolean stopped;
    /** A resume asked of the writer: written by {@link #resumeAfterFailure()}, taken by the writer. */
    private volatile CompletableFuture<Void> resumeRequest;
    /** Run by the writer just before it takes the appends waiting (tests: an append arriving at that moment). */
    volatile Runnable beforeTaking;
    /** A compaction asked of the writer: written by {@link #dropDaysBefore}, taken by the writer. */
    private volatile Compaction compactRequest;
    /** One {@link #dropDaysBefore} at a time. */
    private final Object dropping = new Object();
    /** Batches written and forced so far: written by the journal thread only, read by tests. */
    private volatile long commits;
    /** The file offset after the last good record; set by recovery, then advanced by the writer only. */
    private volatile long endOffset = -1;

    // confined to the writer thread
    private final Map<Long, Pending> reorder = new HashMap<>();
    private final List<Pending> ready = new ArrayList<>();
    /** A failed write may have left part of a batch behind {@link #endOffset}: cut it before writing again. */
    private boolean cutPending;
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
        this(file, codec, UnaryOperator.identity());
    }

    /**
     * Opens (or creates) the journal file, writing through {@code channels} applied to its channel, and starts
     * its writer thread. The identity in production; fault tests pass a channel that fails like a full disk.
     */
    public FileJournal(Path file, EventCodec codec, UnaryOperator<FileChannel> channels) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.checkpoints = new CheckpointCodec(codec.hall());
        this.channels = Objects.requireNonNull(channels, "channels");
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            createOwnerOnlyFolder(dir);
        }
        boolean created = !Files.exists(file);
        Object named = fileKey(file); // the file under the name now: a compaction may swap it before the lock
        FileChannel opened = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), ownerOnly(OWNER_FILE));
        restrictToOwner(file, OWNER_FILE); // a journal made before files were owner-only
        this.channel = channels.apply(opened);
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
        if (named != null && !named.equals(fileKey(file))) {
            // another journal compacted the file between our open and our lock: what we locked has no name now
            l.release();
            channel.close();
            throw new IOException("journal " + file + " is already open in another journal (it was just compacted)");
        }
        try {
            // a compaction that crashed before its rename: the old file under the name is whole, this is not
            Files.deleteIfExists(compactFile());
        } catch (IOException e) {
            l.release();
            channel.close();
            throw new IOException("journal " + file + ": cannot delete what a compaction left, " + compactFile(), e);
        }
        this.lock = l;
        this.writer = new Thread(this::runWriter, "onewindow-journal-" + codec.hall().id());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Owner-only permissions where the file system has POSIX permissions, else none. */
    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void createOwnerOnlyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly(OWNER_FOLDER));
        }
        restrictToOwner(dir, OWNER_FOLDER);
    }

    private static void restrictToOwner(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix() && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /** The identity of the file under the name (device and inode on Linux), or null if none or unknown. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Where a compaction writes the new file before it takes the journal's name. */
    private Path compactFile() {
        return file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
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
        if (stopped && inbox.remove(pending)) {
            // the writer stopped on an Error after this append read no failure: it drained the inbox for the
            // last time after setting stopped, so this one is either answered by it or removed here
            done.completeExceptionally(failure);
            return done;
        }
        // the offer (a volatile write) happens before this volatile read, and the writer sets writerSleeping
        // before it looks at the inbox a last time: one of the two sees the other, no wake-up is lost
        if (writerSleeping) {
            LockSupport.unpark(writer);
        }
        return done;
    }

    /**
     * Every event from the start of the file; refuses (before any event) a file that begins at a checkpoint with
     * events before it: read that one with {@link #replay(Consumer, Consumer)}.
     */
    @Override
    public void replay(Consumer<Event> sink) throws IOException {
        replay(FileJournal::fromTheStart, sink);
    }

    /**
     * Reads the checkpoint the file begins with, if retention left one, into {@code start}, then every event
     * after it into the sink, in order; cuts a torn tail. Called once, at start-up, before any append.
     *
     * @throws IOException when the file is damaged (a bad record followed by a good one, a checkpoint that
     *                     cannot be read or stands anywhere but first, a good record out of sequence); the file
     *                     is left as it was
     */
    @Override
    public void replay(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(sink, "sink");
        if (appended.get()) {
            throw new IllegalStateException("replay runs at start-up, before any append");
        }
        if (!replayed.compareAndSet(false, true)) {
            throw new IllegalStateException("replay runs once");
        }
        recover(start, sink);
    }

    /** A reader that cannot start at a checkpoint: only a hall with every event kept. */
    private static void fromTheStart(HallCheckpoint from) {
        if (from.seq() > 0) {
            throw new IllegalStateException("hall " + from.hall().id() + " starts at its checkpoint at "
                    + from.seq() + " (retention dropped the days before): read it with a start");
        }
    }

    /**
     * Reads the events of a journal file without changing it, up to the first torn or corrupt record, skipping
     * the checkpoint it may begin with: for tools and checks. Returns how many events it delivered.
     */
    public static long read(Path file, EventCodec codec, Consumer<Event> sink) throws IOException {
        return read(file, codec, from -> { }, sink);
    }

    /** {@link #read(Path, EventCodec, Consumer)}, handing the checkpoint the file begins with, if any, to start. */
    public static long read(Path file, EventCodec codec, Consumer<HallCheckpoint> start, Consumer<Event> sink)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(file, ch, codec, new CheckpointCodec(codec.hall()), start, sink, null, new long[2],
                    Long.MAX_VALUE);
        }
    }

    /**
     * Reads the durable events again, in order, on the caller's thread, without changing the file: to rebuild a
     * hall after a write failure, while the journal takes no appends (before {@link #resumeAfterFailure()}).
     */
    @Override
    public void readDurable(Consumer<Event> sink) throws IOException {
        readDurable(FileJournal::fromTheStart, sink);
    }

    /** {@link #readDurable(Consumer)} from the checkpoint the file begins with, if any, handed to {@code start}. */
    @Override
    public void readDurable(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(sink, "sink");
        long upTo = durable.durableSeq();
        if (upTo == 0) {
            return;
        }
        // by name, not through the writer's channel: the name holds the old file or the compacted one, each whole
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            scan(file, ch, codec, checkpoints, start, sink, null, new long[2], upTo);
        }
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /**
     * After a write failure: cuts the file back to its last durable record, writes and forces a probe block and
     * cuts it away again, then accepts appends from {@code durableSeq() + 1}. Blocks until the journal thread
     * did it (off any event loop). The caller must have dropped every event it appended after
     * {@link #durableSeq()} (their futures failed) and must append none of them again.
     *
     * @throws IOException while the file still cannot be written, or when the journal thread stopped for good
     */
    @Override
    public void resumeAfterFailure() throws IOException {
        if (failure == null) {
            return;
        }
        if (stopped || !writer.isAlive()) {
            throw new IOException("journal " + file + ": the journal thread stopped (" + failure
                    + "); restart the server", failure);
        }
        CompletableFuture<Void> request = new CompletableFuture<>();
        resumeRequest = request; // volatile write: taken by the writer at the top of its loop
        LockSupport.unpark(writer);
        try {
            request.get(RESUME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("journal " + file + ": no answer to the resume", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resuming journal " + file, e);
        }
    }

    /**
     * Retention: drops the events of the local days before {@code keepFrom} behind a checkpoint of the hall at
     * the last of them, by compacting the file on the journal thread (see the class comment: a new file written,
     * forced and renamed over the old one). Appends go on meanwhile: they wait in the inbox for the compaction
     * and are then written to the new file. Blocks until the journal thread did it: call it off any event loop,
     * never from a durable listener. Returns how many days were dropped, 0 when none is older than
     * {@code keepFrom}.
     *
     * @throws IOException when the file cannot be read or the new one written (the journal goes on in the old
     *                     file, unchanged), while the journal cannot write ({@link #failure()}), or once closed
     */
    @Override
    public int dropDaysBefore(LocalDate keepFrom) throws IOException {
        Objects.requireNonNull(keepFrom, "keepFrom");
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("dropDaysBefore waits for the journal thread: not from a listener");
        }
        synchronized (dropping) {
            if (closing || !writer.isAlive()) {
                throw new IOException("journal " + file + " is closed");
            }
            Throwable failed = failure;
            if (failed != null) {
                throw new IOException("journal " + file + " drops no day while it cannot write: " + failed, failed);
            }
            if (endOffset < 0) {
                throw new IllegalStateException("journal " + file + ": replay it (or append) before dropping days");
            }
            Compaction request = fold(keepFrom);
            if (request == null) {
                return 0; // no event of a day before keepFrom: nothing to write
            }
            compactRequest = request; // volatile write: taken by the writer at the top of its loop
            LockSupport.unpark(writer);
            boolean interrupted = false;
            try {
                for (;;) {
                    try {
                        request.done.get(1, TimeUnit.SECONDS);
                        return request.days;
                    } catch (TimeoutException e) {
                        if (!writer.isAlive() && !request.done.isDone()) {
                            throw new IOException("journal " + file + " closed before it dropped the days before "
                                    + keepFrom);
                        }
                    } catch (InterruptedException e) {
                        interrupted = true; // the writer is at it: wait for its answer all the same
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof IOException io ? io
                                : new IOException("journal " + file + ": " + e.getCause(), e.getCause());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
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
    private void recover(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        long[] endAndSeq = new long[2];
        scan(file, channel, codec, checkpoints, start, sink, null, endAndSeq, Long.MAX_VALUE);
        long goodEnd = endAndSeq[0];
        if (channel.size() > goodEnd) {
            channel.truncate(goodEnd); // cut the torn or corrupt tail: it was never acknowledged
            channel.force(true);
        }
        durable.durableUpTo(endAndSeq[1]);
        endOffset = goodEnd; // volatile write: publishes the recovered state to the writer
    }

    /**
     * Reads records from the start; stops at the end, after event {@code upToSeq}, before the first event that
     * {@code stopBefore} (if any) accepts, or at a torn tail. A checkpoint record at offset 0 goes to
     * {@code start} (if any) and the events follow on from its sequence number. Writes the offset after the last
     * record read to {@code out[0]} and the sequence number it ends at to {@code out[1]}.
     *
     * @throws IOException when a bad record is followed by a good one (damage, not a torn tail), a good record
     *                     cannot be read or breaks the sequence, or the checkpoint is bad or not first
     */
    private static long scan(Path file, FileChannel ch, EventCodec codec, CheckpointCodec checkpoints,
                             Consumer<HallCheckpoint> start, Consumer<Event> sink,
                             java.util.function.Predicate<Event> stopBefore, long[] out, long upToSeq)
            throws IOException {
        RecordReader in = new RecordReader(ch);
        CRC32C crc = new CRC32C();
        long good = 0; // the file offset after the last good record, where the reader stands
        long lastSeq = 0;
        long count = 0;
        while (lastSeq < upToSeq && in.ensure(good, HEADER_BYTES)) {
            ByteBuffer buf = in.buf;
            int begin = buf.position();
            int length = buf.getInt(begin);
            int checksum = buf.getInt(begin + 4);
            if (length <= 0 || length > MAX_RECORD_BYTES || !in.ensure(good, HEADER_BYTES + length)) {
                refuseABadCheckpoint(file, ch, good);
                refuseIfGoodRecordFollows(file, ch, good, lastSeq);
                break; // a torn or garbage length, or a record cut short: the tail starts here
            }
            buf = in.buf;
            begin = buf.position();
            int payload = buf.arrayOffset() + begin + HEADER_BYTES;
            crc.reset();
            crc.update(buf.array(), payload, length);
            if ((int) crc.getValue() != checksum) {
                refuseABadCheckpoint(file, ch, good);
                refuseIfGoodRecordFollows(file, ch, good, lastSeq);
                break; // corrupt: a torn write, or a flipped bit
            }
            if (isCheckpoint(buf.array(), payload, length)) {
                if (good != 0) {
                    throw new IOException("journal " + file + " is damaged: record at offset " + good + " (after event "
                            + lastSeq + ") is a checkpoint, which only ever begins a journal");
                }
                HallCheckpoint from;
                try {
                    from = checkpoints.decode(new String(buf.array(), payload + CHECKPOINT_TAG.length,
                            length - CHECKPOINT_TAG.length, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException ex) {
                    throw new IOException("journal " + file + " is damaged: its checkpoint record at offset 0 has a"
                            + " good checksum but cannot be read (" + ex.getMessage() + "); refusing to start"
                            + " rather than lose the hall's state before it", ex);
                }
                if (start != null) {
                    start.accept(from);
                }
                buf.position(begin + HEADER_BYTES + length);
                good += HEADER_BYTES + length;
                lastSeq = from.seq();
                continue;
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
            if (stopBefore != null && stopBefore.test(e)) {
                break;
            }
            if (sink != null) {
                sink.accept(e);
            }
            buf.position(begin + HEADER_BYTES + length);
            good += HEADER_BYTES + length;
            lastSeq = e.seq();
            count++;
        }
        out[0] = good;
        out[1] = lastSeq;
        return count;
    }

    private static boolean isCheckpoint(byte[] bytes, int offset, int length) {
        return length >= CHECKPOINT_TAG.length
                && java.util.Arrays.equals(bytes, offset, offset + CHECKPOINT_TAG.length, CHECKPOINT_TAG, 0,
                        CHECKPOINT_TAG.length);
    }

    /**
     * A bad first record that was a checkpoint is damage, never a torn tail: a checkpoint is written whole and
     * forced before its file takes the journal's name, and cutting it would start the hall empty (A001 again).
     */
    private static void refuseABadCheckpoint(Path file, FileChannel ch, long bad) throws IOException {
        if (bad != 0 || ch.size() < HEADER_BYTES + CHECKPOINT_TAG.length) {
            return;
        }
        ByteBuffer head = ByteBuffer.allocate(CHECKPOINT_TAG.length);
        long at = HEADER_BYTES;
        while (head.hasRemaining()) {
            int n = ch.read(head, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
        if (isCheckpoint(head.array(), 0, CHECKPOINT_TAG.length)) {
            throw new IOException("journal " + file + " is damaged: its checkpoint record at offset 0 is corrupt"
                    + " (bad length or checksum); refusing to start rather than lose the hall's state before it."
                    + " Keep a copy of the file, then restore it from a backup.");
        }
    }

    /**
     * A bad record at {@code bad} is a torn tail only if nothing good follows it: a crash tears the last batch
     * and nothing after it. Looks at every later offset for a record with a plausible length and a right
     * checksum (a random match is a 2^-32 chance per plausible offset); finding one means the journal was
     * damaged after it was written, and cutting it would silently drop acknowledged events.
     */
    private static void refuseIfGoodRecordFollows(Path file, FileChannel ch, long bad, long lastSeq)
            throws IOException {
        long good = RecordScan.goodRecordAfter(ch, bad, MAX_RECORD_BYTES);
        if (good >= 0) {
            throw new IOException("journal " + file + " is damaged: the record at offset " + bad
                    + " (after event " + lastSeq + ") is corrupt, yet a good record follows at offset " + good
                    + ". Only the last write can be torn; refusing to start rather than drop the events after"
                    + " it. Keep a copy of the file, then restore it from a backup or cut it at offset " + bad
                    + " to give up what follows.");
        }
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
        try {
            writeUntilClosed();
        } catch (Throwable t) { // an Error (or a bug): stop for good, and say so to everyone waiting
            stopFor(t);
        }
    }

    private void writeUntilClosed() {
        for (;;) {
            CompletableFuture<Void> resume = resumeRequest;
            if (resume != null) {
                resumeRequest = null;
                resumeWriting(resume);
            }
            Compaction compaction = compactRequest;
            if (compaction != null) {
                compactRequest = null;
                if (endOffset < 0 && failure == null) {
                    ensureRecovered(); // asked to compact without a replay: find the end of the file first
                }
                compact(compaction); // between batches: appends meanwhile wait in the inbox
            }
            Runnable hook = beforeTaking;
            if (hook != null) {
                hook.run();
            }
            Pending p;
            boolean got = false;
            while ((p = inbox.poll()) != null) {
                if (endOffset < 0 && failure == null) {
                    // appended to without a replay: find the end of the file before taking the first append
                    // (looking at the inbox before polling it let an append that came in between be written at
                    // no position)
                    ensureRecovered();
                }
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
            if (inbox.isEmpty() && !closing && resumeRequest == null && compactRequest == null) {
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
        Compaction compaction = compactRequest;
        if (compaction != null) {
            compaction.done.completeExceptionally(new IllegalStateException("journal " + file + " is closed"));
        }
    }

    /**
     * The journal thread met an Error: nothing it holds can be trusted to complete. Fails what waits and what
     * comes, in this order: {@code failure} and {@code stopped} first (appends read them before they offer), then
     * the last drain of the inbox, so an append either sees them or is drained here.
     */
    private void stopFor(Throwable t) {
        IOException stop = new IOException("journal " + file + ": the journal thread stopped on " + t, t);
        failure = stop;
        stopped = true;
        for (Pending p : ready) {
            p.done.completeExceptionally(stop); // no effect on the ones it had completed
        }
        ready.clear();
        for (Pending p : reorder.values()) {
            p.done.completeExceptionally(stop);
        }
        reorder.clear();
        Pending late;
        while ((late = inbox.poll()) != null) {
            late.done.completeExceptionally(stop);
        }
        CompletableFuture<Void> resume = resumeRequest;
        if (resume != null) {
            resume.completeExceptionally(stop);
        }
        Compaction compaction = compactRequest;
        if (compaction != null) {
            compaction.done.completeExceptionally(stop);
        }
    }

    /**
     * On the journal thread, after a write failure: fails what still waits in the inbox (appended before the
     * caller dropped it), cuts the file back to the last durable record, proves that a block can be written and
     * forced, cuts it away, and clears the failure.
     */
    private void resumeWriting(CompletableFuture<Void> request) {
        Throwable failed = failure;
        if (failed == null) {
            request.complete(null);
            return;
        }
        Pending p;
        while ((p = inbox.poll()) != null) {
            p.done.completeExceptionally(failed);
        }
        try {
            long end = endOffset;
            channel.truncate(end);
            cutPending = false;
            ByteBuffer probe = ByteBuffer.allocate(PROBE_BYTES);
            long at = end;
            while (probe.hasRemaining()) {
                at += channel.write(probe, at);
            }
            channel.force(false);
            channel.truncate(end);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            cutPending = true;
            request.completeExceptionally(e instanceof IOException ? e : new IOException(e));
            return;
        }
        failure = null; // volatile write: appends from here on are taken again, from durableSeq + 1
        request.complete(null);
    }

    /**
     * On the journal thread, between batches: the compaction of {@link #dropDaysBefore}. Every step before the
     * rename leaves the old file as it was (the temporary file is deleted); after it the journal writes to the
     * new file.
     */
    private void compact(Compaction request) {
        Throwable failed = failure;
        if (failed != null) {
            request.done.completeExceptionally(new IOException("journal " + file
                    + " drops no day while it cannot write: " + failed, failed));
            return;
        }
        try {
            compactNow(request);
            request.done.complete(null);
        } catch (IOException | RuntimeException e) {
            request.done.completeExceptionally(e);
        }
    }

    /**
     * Step 1, on the caller's thread, read-only: the checkpoint the file begins with, then the events of the days
     * before {@code keepFrom} folded into it, up to the first kept event or the last durable one. Reads the file
     * by name through a channel of its own: what it reads is durable and never changes while the journal is open
     * (the writer only appends after it), and only a compaction, one at a time under {@link #dropping}, replaces
     * the file. Null when nothing is to be dropped.
     */
    private Compaction fold(LocalDate keepFrom) throws IOException {
        HallDefinition hall = codec.hall();
        HallCheckpoint[] held = new HallCheckpoint[1];
        Retention[] dropped = new Retention[1];
        IOException[] gap = new IOException[1];
        long[] out = new long[2];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            scan(file, ch, codec, checkpoints, from -> held[0] = from, e -> {
                if (dropped[0] == null) {
                    dropped[0] = new Retention(hall, held[0]);
                }
                try {
                    dropped[0].fold(e, "journal " + file);
                } catch (IOException ex) {
                    gap[0] = ex; // cannot happen after scan's own sequence check; kept to say so if it did
                }
            }, e -> !Retention.dayOf(hall, e).isBefore(keepFrom), out, durable.durableSeq());
        }
        if (gap[0] != null) {
            throw gap[0];
        }
        if (dropped[0] == null) {
            return null;
        }
        HallCheckpoint cp = dropped[0].checkpoint();
        byte[] json = checkpoints.encode(cp).getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[CHECKPOINT_TAG.length + json.length];
        System.arraycopy(CHECKPOINT_TAG, 0, payload, 0, CHECKPOINT_TAG.length);
        System.arraycopy(json, 0, payload, CHECKPOINT_TAG.length, json.length);
        if (payload.length > MAX_RECORD_BYTES) {
            throw new IOException("journal " + file + ": the checkpoint at event " + cp.seq() + " takes "
                    + payload.length + " bytes, more than a record may (" + MAX_RECORD_BYTES + "); no day dropped");
        }
        return new Compaction(payload, out[0], cp.seq(), dropped[0].days(), new CompletableFuture<>());
    }

    /**
     * Steps 2 to 4, on the journal thread: checks that the file still holds event {@code foldedSeq + 1} at
     * {@code keptFrom} (or ends there), writes the new file, renames it over the journal, and writes on in it.
     */
    private void compactNow(Compaction request) throws IOException {
        long end = endOffset;
        long keptFrom = request.keptFrom;
        checkFollows(keptFrom, end, request.foldedSeq);
        byte[] payload = request.checkpoint;

        Path tmp = compactFile();
        Files.deleteIfExists(tmp);
        FileChannel next = null;
        FileLock nextLock = null;
        long newEnd;
        try {
            next = channels.apply(FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE), ownerOnly(OWNER_FILE)));
            nextLock = next.tryLock(); // held before it takes the name: the lock stays right across the swap
            if (nextLock == null) {
                throw new IOException("journal " + file + ": the new file " + tmp + " is locked by someone else");
            }
            crc.reset();
            crc.update(payload);
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES + payload.length);
            head.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
            long at = 0;
            while (head.hasRemaining()) {
                at += next.write(head, at);
            }
            at = copy(channel, keptFrom, end, next, at);
            next.force(true);
            newEnd = at;
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            closeQuietly(next);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next open deletes it
            }
            throw e;
        }
        // the new file holds the name: from here on it is the journal, whatever follows
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            forceDirectory(dir);
        }
        FileChannel old = channel;
        FileLock oldLock = lock;
        channel = next;
        lock = nextLock;
        endOffset = newEnd;
        cutPending = false;
        try {
            oldLock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(old);
    }

    /** The fold and the file agree: the record at {@code at} holds the event after {@code seq}, or none follows. */
    private void checkFollows(long at, long end, long seq) throws IOException {
        if (at == end) {
            if (durable.durableSeq() != seq) {
                throw new IOException("journal " + file + " ends at offset " + end + " with event "
                        + durable.durableSeq() + ", not " + seq + " as the days folded; no day dropped");
            }
            return;
        }
        if (at > end) {
            throw new IOException("journal " + file + " ends at offset " + end + ", before offset " + at
                    + " where the days folded end; no day dropped");
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, head, at);
        int length = head.getInt(0);
        if (length <= 0 || length > MAX_RECORD_BYTES || at + HEADER_BYTES + length > end) {
            throw new IOException("journal " + file + " holds no record at offset " + at + " where the days folded"
                    + " end; no day dropped");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body, at + HEADER_BYTES);
        Event e = codec.decode(body.array(), 0, length);
        if (e.seq() != seq + 1) {
            throw new IOException("journal " + file + " holds event " + e.seq() + " at offset " + at + ", not "
                    + (seq + 1) + " as the days folded; no day dropped");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new IOException("end of file at offset " + at);
            }
            at += n;
        }
    }

    /** Copies the bytes {@code [from, to)} of one channel to another at {@code at}; the offset after them. */
    private static long copy(FileChannel src, long from, long to, FileChannel dst, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(1 << 20, Math.max(1, to - from)));
        long pos = from;
        while (pos < to) {
            buf.clear();
            if (to - pos < buf.capacity()) {
                buf.limit((int) (to - pos));
            }
            int n = src.read(buf, pos);
            if (n < 0) {
                throw new IOException("the journal ended at " + pos + " before its last durable record at " + to);
            }
            pos += n;
            buf.flip();
            while (buf.hasRemaining()) {
                at += dst.write(buf, at);
            }
        }
        return at;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing written through it is still needed
            }
        }
    }

    /** Recovery without a sink, for a journal appended to without a replay (a new hall). */
    private void ensureRecovered() {
        try {
            recover(null, null);
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
            if (cutPending) {
                channel.truncate(endOffset);
                cutPending = false;
            }
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
            cutBack(); // a half-written batch must neither come back at a restart nor sit under the next write
            fail(e); // first: whoever hears of the failure from a future finds failure() set
            for (Pending p : ready) {
                p.done.completeExceptionally(e);
            }
            return;
        }
        durable.durableUpTo(ready.get(ready.size() - 1).event.seq()); // before any listener or future hears of it
        for (Pending p : ready) {
            durable.tell(p.event); // first, so a screen is told no later than the command's caller
            p.done.complete(null);
        }
    }

    /** Cuts what a failed write left after the last durable record; if that fails too, before the next write. */
    private void cutBack() {
        try {
            channel.truncate(endOffset);
            channel.force(true);
            cutPending = false;
        } catch (IOException | RuntimeException e) {
            cutPending = true;
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

    /**
     * A {@link #dropDaysBefore} for the writer: the checkpoint record's payload, the offset of the first record
     * kept, the sequence number the checkpoint stands at, and how many days it drops.
     */
    private record Compaction(byte[] checkpoint, long keptFrom, long foldedSeq, int days,
                              CompletableFuture<Void> done) {
    }
}
