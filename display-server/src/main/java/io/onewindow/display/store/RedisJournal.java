package io.onewindow.display.store;

import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.journal.CheckpointCodec;
import io.onewindow.core.journal.Retention;
import io.onewindow.core.journal.DurableListeners;
import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.Journal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis journal's writer: a hall's events in one Redis stream per hall and local day, for several server
 * instances (a read-only replica {@link #follow follows} the hall with a {@link RedisFollower}) and for the
 * evaluator gateway to consume. Thread-safe:
 * {@link #append} from any thread, never blocking; Confined: everything that talks to Redis for appends runs on
 * the journal's one Vert.x context (an event loop), which is also where futures complete and durable listeners
 * are told.
 *
 * <p><b>Keys</b>: {@link RedisStreams} (one hash tag per hall: a stream per local day, the set of days, the last
 * sequence number). Each event is written by one small Lua script, atomically: it checks that the event is the
 * next of the hall's sequence, registers the day, {@code XADD}s with the explicit id {@code <seq>-0} (so the stream itself refuses
 * anything not after its top entry) and raises the last sequence number. An event already there with the same
 * content is acknowledged again (a resend after a lost connection is harmless); a different event under a
 * journaled number, or one that skips numbers, is refused: a second writer cannot fork the hall.
 *
 * <p><b>Guarantees.</b> As the {@link Journal} port: appends in any order of sequence numbers are reordered and
 * sent in order, pipelined on one connection with at most {@link #MAX_IN_FLIGHT} unanswered (every request has a
 * timeout, {@link #REQUEST_TIMEOUT_MILLIS}, past which it counts as lost); a future completes when Redis acknowledged its script and those
 * of every earlier event, in sequence order, after the durable listeners were told. {@link #replay} reads the
 * hall's checkpoint if retention left one, then every kept day's stream in order, and checks the sequence against
 * {@code ow:{hall}:seq}. {@link #dropDaysBefore} is retention: old days dropped behind a new checkpoint. Durability is Redis's: only
 * {@code appendonly yes} with {@code appendfsync always} keeps every acknowledged event through a crash
 * ({@link RedisPersistence}, checked at start-up by {@link Journals}).
 *
 * <p><b>When Redis fails.</b>
 * <pre>
 *  connection lost ─▶ connect again at once ─▶ GET seq ─▶ below durableSeq? ─ yes ─▶ LOST (for good)
 *        │                   │ fails                         │ no
 *        │                   ▼                               ▼
 *        │         work waiting? ─ yes ─▶ FAILED      send the unacknowledged again, in order
 *        │                   │ no                     (the script acknowledges one it already holds)
 *        │                   ▼
 *        │         try again every second
 *  a second loss (or request timeout) before any answer, or OUT_OF_SEQUENCE ─▶ FAILED
 * </pre>
 * The connection a reconnection gets may be one of the client's pooled ones that the same blip killed, which the
 * client learns only when the {@code GET seq} fails on it: nothing else was sent on it, so that is no second loss;
 * the journal connects again (for up to {@link #REQUEST_TIMEOUT_MILLIS}, then it counts as one).
 * FAILED ({@link #failure()}): every waiting and later append fails at once; the hall stops taking commands, reads
 * back what is durable ({@link #readDurable}: the streams, where events Redis made durable but whose answers were
 * lost are told to the durable listeners then), and {@link #resumeAfterFailure resumes} once Redis answers again.
 * LOST ({@link LostEventsException}): Redis's stream ends before what the hall had made durable there (a Redis
 * restarted without its append-only file, flushed, or that lost its tail); the journal never resumes, so the hall
 * cannot issue numbers again. The same check runs at start-up against the local {@link DurableMark}, written at
 * most every {@link #MARK_MILLIS} ms. A refusal by the script with {@code DIVERGED} (another writer) fails the
 * journal for good.
 */
public final class RedisJournal implements Journal {

    private static final Logger LOG = LoggerFactory.getLogger(RedisJournal.class);

    /** KEYS: seq, stream, days. ARGV: seq, json, epoch day, day, type. */
    static final String APPEND_SCRIPT = """
            local last = tonumber(redis.call('GET', KEYS[1]) or '0')
            local seq = tonumber(ARGV[1])
            if seq <= last then
              local found = redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', ARGV[1] .. '-0')
              if #found == 1 and found[1][2][4] == ARGV[2] then
                return 0
              end
              return redis.error_reply('DIVERGED event ' .. ARGV[1] .. ' is journaled already with other content')
            end
            if seq ~= last + 1 then
              return redis.error_reply('OUT_OF_SEQUENCE event ' .. ARGV[1] .. ' does not follow ' .. last)
            end
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
            redis.call('XADD', KEYS[2], ARGV[1] .. '-0', 't', ARGV[5], 'e', ARGV[2])
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """;

    /**
     * Retention, atomically: KEYS checkpoint, days, then the streams to drop; ARGV the checkpoint's sequence
     * number, its JSON, then the days to drop. Refuses a checkpoint older than the one held, and a stream that
     * took an event after the checkpoint meanwhile (nothing is dropped then).
     */
    static final String DROP_SCRIPT = """
            local held = tonumber(redis.call('HGET', KEYS[1], 's') or '0')
            if tonumber(ARGV[1]) < held then
              return redis.error_reply('STALE checkpoint ' .. ARGV[1] .. ' is older than the one held, ' .. held)
            end
            for i = 3, #KEYS do
              local top = redis.call('XREVRANGE', KEYS[i], '+', '-', 'COUNT', 1)
              if #top > 0 and tonumber(string.match(top[1][1], '^(%d+)')) > tonumber(ARGV[1]) then
                return redis.error_reply('MOVED ' .. KEYS[i] .. ' took events after ' .. ARGV[1])
              end
            end
            redis.call('HSET', KEYS[1], 's', ARGV[1], 'c', ARGV[2])
            for i = 3, #KEYS do
              redis.call('DEL', KEYS[i])
            end
            for i = 3, #ARGV do
              redis.call('ZREM', KEYS[2], ARGV[i])
            end
            return #KEYS - 2
            """;

    private static final long RETRY_MILLIS = 1_000;
    /** How often the local record of the durable sequence number is brought up to date, at most. */
    static final long MARK_MILLIS = 200;
    /**
     * Appends sent and not yet answered, at most: well inside the client's queue of waiting answers (2,048 by
     * default), past which a send would fail at once and be taken for a lost connection.
     */
    static final int MAX_IN_FLIGHT = 512;
    /** An append Redis has not answered in this time is taken as lost: the connection is dropped and resent. */
    static final long REQUEST_TIMEOUT_MILLIS = 5_000;
    private static final long REPLAY_TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final Redis client;
    private final HallDefinition hall;
    private final EventCodec codec;
    private final Context context;
    private final String seqKey;
    private final String daysKey;
    private final String checkpointKey;
    private final CheckpointCodec checkpoints;
    private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicBoolean replayed = new AtomicBoolean();
    private final DurableListeners durable;
    private final List<RedisFollower> followers = new CopyOnWriteArrayList<>();
    /** The local record of the durable sequence number, or null (a journal opened without a data folder). */
    private final DurableMark mark;
    /** Judges Redis's persistence on each new connection and resume, or null: not checked (tests). */
    private final Journals.PersistenceCheck persistence;

    private volatile boolean tailKnown;
    private volatile boolean closed;
    /** Why appends fail now, or null: written on the context (and by replay before any append), read anywhere. */
    private volatile Throwable failure;
    /** Whether {@link #failure} is for good (another writer, lost events, closed): no resume. */
    private volatile boolean failedForGood;
    /** The sequence number the local record holds; written on the context. */
    private volatile long markedSeq;

    // confined to the journal's context
    private final Map<Long, Pending> reorder = new HashMap<>();
    private final ArrayDeque<Pending> unacked = new ArrayDeque<>();
    private long sentUpTo;
    /** The highest sequence number taken from the reorder buffer to be sent (or journaled at start); never falls. */
    private long lastQueued;
    private int generation;
    private RedisConnection connection;
    private boolean connecting;
    private boolean retryScheduled;
    private boolean findingTail;
    /** Connections lost (or requests timed out) with appends in flight since the last answer. */
    private int lossesInARow;
    /** When the first of the new connections that proved dead before any send was handed out ({@code nanoTime}), or -1. */
    private long deadConnectionsSince = -1;
    private boolean markWriting;
    private long markTimer = -1;

    /**
     * A journal of the hall in the Redis of {@code client} (which the caller owns and closes). Appends run on a
     * context of {@code vertx}: the caller's if it is on one, else a new one.
     */
    public RedisJournal(Vertx vertx, Redis client, HallDefinition hall) {
        this(vertx, client, hall, null);
    }

    /**
     * A journal of the hall that keeps the local record of how far its events are durable in Redis
     * ({@link DurableMark}) in the hall's folder under {@code dataDir}, and checks Redis against it at
     * {@link #replay}.
     */
    public RedisJournal(Vertx vertx, Redis client, HallDefinition hall, Path dataDir) {
        this(vertx, client, hall, dataDir, null);
    }

    /**
     * {@link #RedisJournal(Vertx, Redis, HallDefinition, Path)} that reads Redis's persistence settings again on
     * each new connection and before resuming after a failure, and takes no appends while {@code persistence}
     * judges them unsafe (a Redis restarted with other settings under the running server): the journal fails with
     * the {@link UnsafeRedisException} as its {@link #failure()}, and resumes once Redis is safe again.
     */
    public RedisJournal(Vertx vertx, Redis client, HallDefinition hall, Path dataDir,
                        Journals.PersistenceCheck persistence) {
        this.persistence = persistence;
        this.mark = dataDir == null ? null : DurableMark.of(dataDir, hall.id());
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.hall = Objects.requireNonNull(hall, "hall");
        this.codec = new EventCodec(hall);
        this.context = vertx.getOrCreateContext();
        this.seqKey = RedisStreams.seqKey(hall.id());
        this.daysKey = RedisStreams.daysKey(hall.id());
        this.checkpointKey = RedisStreams.checkpointKey(hall.id());
        this.checkpoints = new CheckpointCodec(hall);
        this.durable = new DurableListeners((e, ex) ->
                LOG.error("hall {}: a durable listener failed on event {}", hall.id(), e.seq(), ex));
    }

    private LocalDate dayOf(Event e) {
        return Retention.dayOf(hall, e);
    }

    // ---------------------------------------------------------------- appends

    @Override
    public CompletableFuture<Void> append(Event event) {
        Objects.requireNonNull(event, "event");
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the Redis journal of hall " + hall.id()
                    + " is closed"));
            return done;
        }
        LocalDate day = dayOf(event);
        Pending p = new Pending(event, codec.encodeToString(event), day, done);
        appended.set(true);
        inbox.offer(p);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
        return done;
    }

    /** On the context: takes the inbox into the reorder buffer and sends what follows the last sent event. */
    private void drain() {
        drainScheduled.set(false);
        Pending p;
        while ((p = inbox.poll()) != null) {
            accept(p);
        }
        if (closed) {
            failAll(new IllegalStateException("the Redis journal of hall " + hall.id() + " is closed"));
            return;
        }
        if (failure != null || reorder.isEmpty()) {
            return;
        }
        if (!tailKnown) {
            findTail();
            return;
        }
        if (connection == null) {
            connect();
            return;
        }
        Pending next;
        while (unacked.size() < MAX_IN_FLIGHT && connection != null && (next = reorder.remove(sentUpTo + 1)) != null) {
            unacked.addLast(next);
            lastQueued = next.event.seq();
            send(next);
        }
    }

    private void accept(Pending p) {
        if (failure != null) {
            p.done.completeExceptionally(failure);
            return;
        }
        long seq = p.event.seq();
        boolean known = tailKnown && seq <= lastQueued; // durable, or on its way (perhaps to be sent again)
        if (known || reorder.putIfAbsent(seq, p) != null) {
            p.done.completeExceptionally(new IllegalArgumentException("event " + seq + " was appended already"));
        }
    }

    /** A journal appended to without a replay (a new hall): its next event follows {@code ow:{hall}:seq}. */
    private void findTail() {
        if (findingTail) {
            return;
        }
        findingTail = true;
        client.send(Request.cmd(Command.GET).arg(seqKey)).timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(RedisStreams.in(context, ar -> {
            findingTail = false;
            if (ar.failed()) {
                LOG.warn("hall {}: cannot read the journal's last sequence number, retrying: {}", hall.id(),
                        ar.cause().toString());
                retryLater();
                return;
            }
            long last = ar.result() == null ? 0 : Long.parseLong(ar.result().toString());
            if (!tailKnown) {
                durable.durableUpTo(last);
                sentUpTo = last;
                lastQueued = last;
                tailKnown = true;
                startMarking();
                for (var it = reorder.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    if (entry.getKey() <= last) {
                        entry.getValue().done.completeExceptionally(new IllegalArgumentException("event "
                                + entry.getKey() + " was journaled already"));
                        it.remove();
                    }
                }
            }
            drain();
        }));
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        client.connect().timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).onComplete(RedisStreams.in(context,
                ar -> {
            connecting = false;
            if (ar.failed()) {
                deadConnectionsSince = -1;
                if (workWaiting()) {
                    fail(new IOException("Redis cannot be reached for the journal of hall " + hall.id() + ": "
                            + ar.cause().getMessage(), ar.cause()));
                } else {
                    LOG.debug("hall {}: cannot connect to Redis, trying again: {}", hall.id(), ar.cause().toString());
                    retryLater();
                }
                return;
            }
            RedisConnection c = ar.result();
            if (closed || failure != null) {
                c.close();
                return;
            }
            checkTail(c);
        }));
    }

    private boolean workWaiting() {
        return !unacked.isEmpty() || !reorder.isEmpty();
    }

    /**
     * A new connection: Redis must still hold every event the hall made durable there (a Redis restarted without
     * its append-only file holds none); then the connection takes the appends.
     */
    private void checkTail(RedisConnection c) {
        connecting = true;
        c.send(Request.cmd(Command.GET).arg(seqKey)).timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(RedisStreams.in(context, ar -> {
            connecting = false;
            if (closed || failure != null) {
                c.close();
                return;
            }
            if (ar.failed()) {
                c.close();
                if (ar.cause() instanceof TimeoutException || !reconnectAfterDeadConnection()) {
                    lost(ar.cause());
                } else {
                    LOG.debug("hall {}: the pool handed out a connection Redis had dropped, connecting again: {}",
                            hall.id(), ar.cause().toString());
                    connect();
                }
                return;
            }
            deadConnectionsSince = -1;
            long last = ar.result() == null ? 0 : Long.parseLong(ar.result().toString());
            long known = durable.durableSeq();
            if (last < known) {
                c.close();
                failForGood(new LostEventsException(hall.id(), last, known, "Redis's " + seqKey));
                return;
            }
            if (persistence == null) {
                takeConnection(c);
            } else {
                checkPersistence(c);
            }
        }));
    }

    /**
     * A new connection to a Redis that holds the hall's events: its persistence settings are read again (four
     * requests, only here and on resuming: never per append), since a Redis restarted under the running server may
     * have come back with others. Unsafe (and not accepted): the journal fails with the reason, and takes appends
     * again only through {@link #resumeAfterFailure}, which checks again.
     */
    private void checkPersistence(RedisConnection c) {
        connecting = true;
        RedisPersistence.fetch(c::send).onComplete(RedisStreams.in(context, ar -> {
            connecting = false;
            if (closed || failure != null) {
                c.close();
                return;
            }
            if (ar.failed()) {
                c.close();
                lost(ar.cause());
                return;
            }
            UnsafeRedisException unsafe = persistence.judge(ar.result());
            if (unsafe != null) {
                c.close();
                fail(unsafe);
                return;
            }
            takeConnection(c);
        }));
    }

    private void takeConnection(RedisConnection c) {
        connection = c;
        int gen = generation;
        c.exceptionHandler(e -> context.runOnContext(v -> connectionLost(c, gen, e)));
        c.endHandler(v -> context.runOnContext(x -> connectionLost(c, gen, null)));
        resend();
    }

    /**
     * A connection the client handed out closed before it answered the check, which sent nothing else on it: a blip
     * that dropped the journal's connection also drops the idle ones of the client's pool, and the client learns so
     * only when it next sends on one. That is no loss of the appends; connecting again takes a live one (or fails
     * at once when Redis is gone). Connecting again goes on for {@link #REQUEST_TIMEOUT_MILLIS} at most, then the
     * dead connections count as a loss: a Redis that takes connections and drops each one does not hold the hall
     * in a loop.
     */
    private boolean reconnectAfterDeadConnection() {
        long now = System.nanoTime();
        if (deadConnectionsSince < 0) {
            deadConnectionsSince = now;
        }
        if (now - deadConnectionsSince < TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MILLIS)) {
            return true;
        }
        deadConnectionsSince = -1;
        return false;
    }

    /** Sends every unacknowledged event again, in order, then what waits in the reorder buffer. */
    private void resend() {
        for (Pending p : unacked) {
            if (connection == null) {
                return; // lost again while resending: the next connection sends them all
            }
            send(p);
        }
        drain();
    }

    private void send(Pending p) {
        if (connection == null) {
            return; // sent again once connected (it stays in unacked)
        }
        long seq = p.event.seq();
        int gen = generation;
        sentUpTo = Math.max(sentUpTo, seq);
        Request eval = Request.cmd(Command.EVAL).arg(APPEND_SCRIPT).arg(3)
                .arg(seqKey).arg(RedisStreams.streamKey(hall.id(), p.day)).arg(daysKey)
                .arg(seq).arg(p.json).arg(p.day.toEpochDay()).arg(p.day.toString()).arg(p.event.type());
        connection.send(eval).timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(RedisStreams.in(context, ar -> {
                    if (gen != generation) {
                        return; // an answer to a send that a reconnection superseded: the resend answers instead
                    }
                    if (ar.succeeded()) {
                        acknowledged(p);
                    } else {
                        refusedOrLost(ar.cause());
                    }
                }));
    }

    /**
     * Redis answered for this event. Answers arrive in the order sent on one connection, so this is normally
     * the oldest unacknowledged event; should one come early, it waits until those before it are answered.
     */
    private void acknowledged(Pending p) {
        p.acked = true;
        lossesInARow = 0;
        Pending head;
        while ((head = unacked.peekFirst()) != null && head.acked) {
            unacked.pollFirst();
            durable.durableUpTo(head.event.seq()); // before listeners and callers hear of it
            durable.tell(head.event);
            head.done.complete(null);
        }
        if (!reorder.isEmpty()) {
            drain(); // room in flight again: send what waits
        }
    }

    private void refusedOrLost(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("DIVERGED")) {
            LOG.error("hall {}: Redis refused the journal's events, another writer owns the hall: {}", hall.id(),
                    message);
            failForGood(new IllegalStateException("Redis refused the events of hall " + hall.id() + ": " + message,
                    cause));
            return;
        }
        if (message.startsWith("OUT_OF_SEQUENCE")) {
            // Redis is behind what was sent in order: it lost events; reading back tells whether acknowledged ones
            fail(new IOException("Redis refused the events of hall " + hall.id() + ": " + message, cause));
            return;
        }
        lost(cause);
    }

    /** A send failed or timed out, or the connection dropped, with appends in flight. */
    private void lost(Throwable cause) {
        dropConnection();
        if (!workWaiting()) {
            retryLater();
            return;
        }
        if (++lossesInARow >= 2) {
            fail(new IOException("Redis does not answer the journal of hall " + hall.id() + ": " + cause, cause));
            return;
        }
        LOG.warn("hall {}: a journal write to Redis failed, sending again: {}", hall.id(), cause.toString());
        connect();
    }

    private void connectionLost(RedisConnection c, int gen, Throwable e) {
        if (c != connection || gen != generation) {
            return;
        }
        LOG.warn("hall {}: the journal's Redis connection was lost{}", hall.id(),
                e == null ? "" : ": " + e);
        lost(e == null ? new IOException("connection closed") : e);
    }

    /**
     * FAILED: every waiting and later append fails at once, until {@link #resumeAfterFailure}. On the context.
     */
    private void fail(Throwable cause) {
        if (failure == null) {
            if (!(cause instanceof UnsafeRedisException)) { // that one is logged once for every hall, by the check
                LOG.error("hall {}: the Redis journal failed; appends are refused until the hall resumes it: {}",
                        hall.id(), cause.toString());
            }
            failure = cause;
        }
        failAll(failure);
        dropConnection();
    }

    /** Failed for good: lost events, another writer, closed. On the context (or before any append). */
    private void failForGood(Throwable cause) {
        if (!failedForGood) {
            LOG.error("hall {}: the Redis journal stopped for good: {}", hall.id(), cause.getMessage());
        }
        failure = cause;
        failedForGood = true;
        failAll(cause);
        dropConnection();
    }

    private void dropConnection() {
        generation++;
        sentUpTo = durable.durableSeq();
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    private void retryLater() {
        if (retryScheduled || closed) {
            return;
        }
        retryScheduled = true;
        vertx.setTimer(RETRY_MILLIS, id -> context.runOnContext(v -> {
            retryScheduled = false;
            if (closed || failure != null) {
                return;
            }
            if (!tailKnown) {
                drain();
            } else if (connection == null) {
                connect();
            }
        }));
    }

    private void failAll(Throwable cause) {
        for (Pending p : unacked) {
            p.done.completeExceptionally(cause);
        }
        unacked.clear();
        for (Pending p : reorder.values()) {
            p.done.completeExceptionally(cause);
        }
        reorder.clear();
        Pending p;
        while ((p = inbox.poll()) != null) {
            p.done.completeExceptionally(cause);
        }
    }

    // ---------------------------------------------------------------- replay

    /**
     * Reads every day's stream in order. Blocks: call it at start-up, off any event loop.
     *
     * @throws LostEventsException when Redis holds fewer events than the local record says the hall had made
     *                             durable there (the journal then refuses every append)
     * @throws IOException         when Redis cannot be read, an entry cannot be decoded, or the sequence has a gap
     */
    @Override
    public void replay(Consumer<Event> sink) throws IOException {
        replay(RedisJournal::fromTheStart, sink);
    }

    /** A reader that cannot start at a checkpoint: only a hall with every event kept. */
    private static void fromTheStart(HallCheckpoint from) {
        if (from.seq() > 0) {
            throw new IllegalStateException("hall " + from.hall().id() + " starts at its checkpoint at "
                    + from.seq() + " (retention dropped the days before): read it with a start");
        }
    }

    /**
     * Reads the hall's checkpoint, if retention left one, into {@code start}, then every day's stream after it in
     * order. Blocks: call it at start-up, off any event loop.
     *
     * @throws LostEventsException when Redis holds fewer events than the local record says the hall had made
     *                             durable there (the journal then refuses every append)
     * @throws IOException         when Redis cannot be read, an entry or the checkpoint cannot be decoded, or the
     *                             sequence has a gap
     */
    @Override
    public void replay(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(sink, "sink");
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("replay blocks: run it off the event loop");
        }
        if (appended.get()) {
            throw new IllegalStateException("replay runs at start-up, before any append");
        }
        if (!replayed.compareAndSet(false, true)) {
            throw new IllegalStateException("replay runs once");
        }
        long marked = mark == null ? 0 : mark.read();
        long last = readStreams(start, sink);
        if (last < marked) {
            LostEventsException lost = new LostEventsException(hall.id(), last, marked, "its stream in Redis");
            onContext(() -> failForGood(lost));
            throw lost;
        }
        long recovered = last;
        onContext(() -> {
            durable.durableUpTo(recovered);
            sentUpTo = recovered;
            lastQueued = recovered;
            markedSeq = marked;
            tailKnown = true;
            startMarking();
        });
    }

    /**
     * The checkpoint, if any, into {@code start}, then every day's stream after it in order into the sink,
     * checked against {@code ow:{hall}:seq}; the last sequence number (the checkpoint's when no event follows it).
     */
    private long readStreams(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        RedisConnection c = readConnection();
        try {
            HallCheckpoint from = readCheckpoint(c);
            if (from != null) {
                start.accept(from);
            }
            return readStreams(c, from == null ? 0 : from.seq(), sink);
        } finally {
            c.close();
        }
    }

    /**
     * A connection of its own for a blocking read: after a failure a pooled connection may still wait for answers
     * that never come, and each request here has a timeout.
     */
    private RedisConnection readConnection() throws IOException {
        return await(client.connect().timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }

    private static Future<Response> timed(Future<Response> f) {
        return f.timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The checkpoint retention left, or null while every day is kept. */
    private HallCheckpoint readCheckpoint(RedisConnection c) throws IOException {
        Response json = await(timed(c.send(Request.cmd(Command.HGET).arg(checkpointKey).arg("c"))));
        return json == null ? null : checkpoints.decode(json.toString());
    }

    /** The streams' events after {@code after} (a checkpoint's, or 0) into the sink; the last sequence number. */
    private long readStreams(RedisConnection c, long after, Consumer<Event> sink) throws IOException {
        long last = after;
        Response days = await(timed(c.send(Request.cmd(Command.ZRANGE).arg(daysKey).arg(0).arg(-1))));
        for (Response dayName : days) {
            String stream = RedisStreams.streamKey(hall.id(), dayName.toString());
            String from = (last + 1) + "-0"; // a day dropped after its checkpoint was written may still be there
            for (;;) {
                Response page = await(timed(c.send(Request.cmd(Command.XRANGE).arg(stream).arg(from).arg("+")
                        .arg("COUNT").arg(RedisStreams.PAGE))));
                int n = page == null ? 0 : page.size();
                for (int i = 0; i < n; i++) {
                    Event e = RedisStreams.decodeEntry(codec, page.get(i), stream);
                    if (e.seq() != last + 1) {
                        throw new IOException("stream " + stream + " holds event " + e.seq() + " after " + last
                                + ": the journal has a gap");
                    }
                    sink.accept(e);
                    last = e.seq();
                }
                if (n < RedisStreams.PAGE) {
                    break;
                }
                from = (last + 1) + "-0";
            }
        }
        Response top = await(timed(c.send(Request.cmd(Command.GET).arg(seqKey))));
        long journaled = top == null ? 0 : Long.parseLong(top.toString());
        if (journaled != last) {
            throw new IOException("hall " + hall.id() + " journaled events up to " + journaled
                    + " but its streams hold them up to " + last);
        }
        return last;
    }

    /**
     * After a {@link #failure()}: reads every event Redis holds for the hall, in order. Events Redis made durable
     * whose answers were lost with the connection are durable all the same: the durable listeners are told of
     * them here, before the sink sees them, and the hall is rebuilt with them (their commands were answered 503;
     * they stand, as the replicas and the evaluator see them). Blocking: off any event loop.
     *
     * @throws LostEventsException when Redis holds fewer events than the hall had made durable there: for good
     * @throws IOException         while Redis cannot be read, or after a failure for good (another writer)
     */
    @Override
    public void readDurable(Consumer<Event> sink) throws IOException {
        readDurable(RedisJournal::fromTheStart, sink);
    }

    /** {@link #readDurable(Consumer)} from the hall's checkpoint, if retention left one, handed to {@code start}. */
    @Override
    public void readDurable(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(sink, "sink");
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("readDurable blocks: run it off the event loop");
        }
        throwIfFailedForGood();
        List<Event> events = new ArrayList<>();
        HallCheckpoint[] from = new HallCheckpoint[1];
        long last = readStreams(cp -> from[0] = cp, events::add);
        long known = durable.durableSeq();
        if (last < known) {
            LostEventsException lost = new LostEventsException(hall.id(), last, known, "its stream in Redis");
            onContext(() -> failForGood(lost));
            throw lost;
        }
        if (last > known && failure != null) {
            onContext(() -> {
                for (Event e : events) {
                    if (e.seq() > durable.durableSeq()) {
                        durable.durableUpTo(e.seq());
                        durable.tell(e);
                    }
                }
                sentUpTo = Math.max(sentUpTo, last);
                lastQueued = Math.max(lastQueued, last);
            });
            LOG.info("hall {}: Redis had made events {} to {} durable though their answers were lost; they stand",
                    hall.id(), known + 1, last);
        }
        if (from[0] != null) {
            start.accept(from[0]);
        }
        for (Event e : events) {
            if (e.seq() <= durable.durableSeq()) {
                sink.accept(e);
            }
        }
    }

    // ---------------------------------------------------------------- retention

    /**
     * Drops the streams of the days before {@code keepFrom}: reads the checkpoint held (or starts from a new
     * hall), applies every event of those days to it, then in one script writes the new checkpoint and deletes
     * the streams and their days. A crash before the script leaves everything as it was; Redis runs the script
     * whole. The sequence key, today's stream and every kept day are untouched, so replicas and the lost-events
     * check see the same end of the hall. Blocking: off any event loop.
     */
    @Override
    public int dropDaysBefore(LocalDate keepFrom) throws IOException {
        Objects.requireNonNull(keepFrom, "keepFrom");
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("dropDaysBefore blocks: run it off the event loop");
        }
        throwIfFailedForGood();
        RedisConnection c = readConnection();
        try {
            Response old = await(timed(c.send(Request.cmd(Command.ZRANGEBYSCORE).arg(daysKey).arg("-inf")
                    .arg("(" + keepFrom.toEpochDay()))));
            if (old == null || old.size() == 0) {
                return 0;
            }
            Retention dropped = new Retention(hall, readCheckpoint(c));
            List<String> days = new ArrayList<>();
            for (Response dayName : old) {
                String day = dayName.toString();
                days.add(day);
                String stream = RedisStreams.streamKey(hall.id(), day);
                for (;;) {
                    Response page = await(timed(c.send(Request.cmd(Command.XRANGE).arg(stream)
                            .arg((dropped.checkpoint().seq() + 1) + "-0").arg("+").arg("COUNT")
                            .arg(RedisStreams.PAGE))));
                    int n = page == null ? 0 : page.size();
                    for (int i = 0; i < n; i++) {
                        dropped.fold(RedisStreams.decodeEntry(codec, page.get(i), stream), "stream " + stream);
                    }
                    if (n < RedisStreams.PAGE) {
                        break;
                    }
                }
            }
            Request drop = Request.cmd(Command.EVAL).arg(DROP_SCRIPT).arg(2 + days.size())
                    .arg(checkpointKey).arg(daysKey);
            for (String day : days) {
                drop.arg(RedisStreams.streamKey(hall.id(), day));
            }
            HallCheckpoint cp = dropped.checkpoint();
            drop.arg(cp.seq()).arg(checkpoints.encode(cp));
            for (String day : days) {
                drop.arg(day);
            }
            await(timed(c.send(drop)));
            return days.size(); // the hall logs it
        } finally {
            c.close();
        }
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /**
     * After a {@link #failure()} and {@link #readDurable}: checks that Redis answers and still ends at
     * {@link #durableSeq()}, then takes appends from the next sequence number. Blocking: off any event loop.
     *
     * @throws LostEventsException when Redis lost events meanwhile: for good
     * @throws IOException         while Redis does not answer, or when the journal failed for good
     */
    @Override
    public void resumeAfterFailure() throws IOException {
        if (failure == null) {
            return;
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("resumeAfterFailure blocks: run it off the event loop");
        }
        throwIfFailedForGood();
        RedisConnection c = readConnection();
        Response top;
        RedisPersistence settings = null;
        try {
            top = await(timed(c.send(Request.cmd(Command.GET).arg(seqKey))));
            if (persistence != null) {
                settings = await(RedisPersistence.fetch(c::send));
            }
        } finally {
            c.close();
        }
        long last = top == null ? 0 : Long.parseLong(top.toString());
        long known = durable.durableSeq();
        if (last < known) {
            LostEventsException lost = new LostEventsException(hall.id(), last, known, "Redis's " + seqKey);
            onContext(() -> failForGood(lost));
            throw lost;
        }
        if (last > known) {
            IOException other = new IOException("hall " + hall.id() + ": Redis holds events after " + known
                    + " that this server did not write or read back; another writer owns the hall");
            onContext(() -> failForGood(other));
            throw other;
        }
        UnsafeRedisException unsafe = settings == null ? null : persistence.judge(settings);
        if (unsafe != null) {
            onContext(() -> {
                if (!failedForGood && !closed) {
                    failure = unsafe; // the reason the hall shows now
                }
            });
            throwIfFailedForGood();
            throw unsafe;
        }
        onContext(() -> {
            if (failedForGood || closed) {
                return;
            }
            dropConnection();
            failure = null;
            lossesInARow = 0;
            deadConnectionsSince = -1;
            sentUpTo = durable.durableSeq();
            lastQueued = durable.durableSeq();
            LOG.info("hall {}: the Redis journal takes appends again after event {}", hall.id(), lastQueued);
        });
        throwIfFailedForGood();
    }

    private void throwIfFailedForGood() throws IOException {
        Throwable f = failure;
        if (closed) {
            throw new IOException("the Redis journal of hall " + hall.id() + " is closed");
        }
        if (failedForGood) {
            if (f instanceof LostEventsException lost) {
                throw lost;
            }
            throw new IOException("the Redis journal of hall " + hall.id() + " stopped for good: " + f.getMessage()
                    + "; restart the server", f);
        }
    }

    /** Runs the action on the journal's context and waits for it. */
    private void onContext(Runnable action) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(REPLAY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the journal of hall " + hall.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the journal's context did not answer", e);
        }
    }

    // ---------------------------------------------------------------- the local record

    /** On the context, once the tail is known: brings the local record up to date every {@link #MARK_MILLIS}. */
    private void startMarking() {
        if (mark == null || markTimer >= 0 || closed) {
            return;
        }
        markTimer = vertx.setPeriodic(MARK_MILLIS, id -> context.runOnContext(v -> markNow()));
    }

    private void markNow() {
        long seq = durable.durableSeq();
        if (markWriting || seq <= markedSeq || closed) {
            return;
        }
        markWriting = true;
        vertx.executeBlocking(() -> {
            mark.write(seq);
            return seq;
        }, false).onComplete(RedisStreams.in(context, ar -> {
            markWriting = false;
            if (ar.succeeded()) {
                markedSeq = Math.max(markedSeq, seq);
            } else {
                LOG.warn("hall {}: cannot write {}: {}", hall.id(), mark.file(), ar.cause().toString());
            }
        }));
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(REPLAY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the journal from Redis", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the journal from Redis: " + e.getMessage(), e);
        }
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
     * Stops: events not yet acknowledged fail, the followers stop, the connections close, and (off an event loop)
     * the local record is brought up to date: one small fsynced write. The Redis client belongs to the caller.
     */
    @Override
    public void close() {
        closed = true;
        for (RedisFollower f : followers) {
            f.close();
        }
        context.runOnContext(v -> {
            if (markTimer >= 0) {
                vertx.cancelTimer(markTimer);
            }
            failAll(new IllegalStateException("the Redis journal of hall " + hall.id() + " is closed"));
            dropConnection();
        });
        long seq = durable.durableSeq();
        if (mark != null && seq > markedSeq && !Context.isOnEventLoopThread()) {
            try {
                mark.write(seq); // a clean stop leaves the record exact
                markedSeq = seq;
            } catch (IOException e) {
                LOG.warn("hall {}: cannot write {}: {}", hall.id(), mark.file(), e.toString());
            }
        }
    }

    /**
     * Follows the hall as its owner journals it ({@link RedisFollower}), on its own connection and context; the
     * sink must not block. Closing this journal stops its followers.
     */
    @Override
    public RedisFollower follow(long afterSeq, Consumer<Event> sink) {
        RedisFollower f = RedisFollower.start(vertx, client, hall, afterSeq, sink, followers::remove);
        followers.add(f);
        return f;
    }

    /** An appended event on its way; confined to the journal's context once taken from the inbox. */
    private static final class Pending {
        final Event event;
        final String json;
        final LocalDate day;
        final CompletableFuture<Void> done;
        boolean acked;

        Pending(Event event, String json, LocalDate day, CompletableFuture<Void> done) {
            this.event = event;
            this.json = json;
            this.day = day;
            this.done = done;
        }
    }
}
