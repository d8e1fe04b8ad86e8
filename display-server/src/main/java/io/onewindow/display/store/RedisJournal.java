package io.onewindow.display.store;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
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
 * of every earlier event, in sequence order, after the durable listeners were told. If the connection fails,
 * the unacknowledged events are sent again once it is back (every second), in order; a refusal by the script
 * (another writer) fails the journal for good. {@link #replay} reads every day's stream in order and checks the
 * sequence against {@code ow:{hall}:seq}. Durability is Redis's: with {@code appendfsync everysec} an
 * acknowledged event may be lost with the last second of a Redis crash; configure Redis accordingly.
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

    private static final long RETRY_MILLIS = 1_000;
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
    private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicBoolean replayed = new AtomicBoolean();
    private final DurableListeners durable;
    private final List<RedisFollower> followers = new CopyOnWriteArrayList<>();

    private volatile boolean tailKnown;
    private volatile boolean closed;

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
    private Throwable failure;

    /**
     * A journal of the hall in the Redis of {@code client} (which the caller owns and closes). Appends run on a
     * context of {@code vertx}: the caller's if it is on one, else a new one.
     */
    public RedisJournal(Vertx vertx, Redis client, HallDefinition hall) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.hall = Objects.requireNonNull(hall, "hall");
        this.codec = new EventCodec(hall);
        this.context = vertx.getOrCreateContext();
        this.seqKey = RedisStreams.seqKey(hall.id());
        this.daysKey = RedisStreams.daysKey(hall.id());
        this.durable = new DurableListeners((e, ex) ->
                LOG.error("hall {}: a durable listener failed on event {}", hall.id(), e.seq(), ex));
    }

    private LocalDate dayOf(Event e) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(e.atMillis()), hall.zone());
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
                LOG.warn("hall {}: cannot connect to Redis for the journal, retrying: {}", hall.id(),
                        ar.cause().toString());
                retryLater();
                return;
            }
            RedisConnection c = ar.result();
            if (closed) {
                c.close();
                return;
            }
            connection = c;
            int gen = generation;
            c.exceptionHandler(e -> context.runOnContext(v -> connectionLost(c, gen, e)));
            c.endHandler(v -> context.runOnContext(x -> connectionLost(c, gen, null)));
            resend();
        }));
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
        if (message.startsWith("OUT_OF_SEQUENCE") || message.startsWith("DIVERGED")) {
            LOG.error("hall {}: Redis refused the journal's events, another writer owns the hall: {}", hall.id(),
                    message);
            failure = new IllegalStateException("Redis refused the events of hall " + hall.id() + ": " + message,
                    cause);
            failAll(failure);
            return;
        }
        LOG.warn("hall {}: a journal write to Redis failed, sending again: {}", hall.id(), cause.toString());
        dropConnection();
        retryLater();
    }

    private void connectionLost(RedisConnection c, int gen, Throwable e) {
        if (c != connection || gen != generation) {
            return;
        }
        LOG.warn("hall {}: the journal's Redis connection was lost{}", hall.id(),
                e == null ? "" : ": " + e);
        dropConnection();
        if (!unacked.isEmpty() || !reorder.isEmpty()) {
            retryLater();
        }
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
     * @throws IOException when Redis cannot be read, an entry cannot be decoded, or the sequence has a gap
     */
    @Override
    public void replay(Consumer<Event> sink) throws IOException {
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
        long last = 0;
        Response days = await(client.send(Request.cmd(Command.ZRANGE).arg(daysKey).arg(0).arg(-1)));
        for (Response dayName : days) {
            String stream = RedisStreams.streamKey(hall.id(), dayName.toString());
            String from = "-";
            for (;;) {
                Response page = await(client.send(Request.cmd(Command.XRANGE).arg(stream).arg(from).arg("+")
                        .arg("COUNT").arg(RedisStreams.PAGE)));
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
        Response top = await(client.send(Request.cmd(Command.GET).arg(seqKey)));
        long journaled = top == null ? 0 : Long.parseLong(top.toString());
        if (journaled != last) {
            throw new IOException("hall " + hall.id() + " journaled events up to " + journaled
                    + " but its streams hold them up to " + last);
        }
        long recovered = last;
        CompletableFuture<Void> installed = new CompletableFuture<>();
        context.runOnContext(v -> {
            durable.durableUpTo(recovered);
            sentUpTo = recovered;
            lastQueued = recovered;
            tailKnown = true;
            installed.complete(null);
        });
        try {
            installed.get(REPLAY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while replaying hall " + hall.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the journal's context did not answer", e);
        }
    }

    private static Response await(Future<Response> f) throws IOException {
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
     * Stops: events not yet acknowledged fail, the followers stop, the connections close. Does not block; the
     * Redis client belongs to the caller.
     */
    @Override
    public void close() {
        closed = true;
        for (RedisFollower f : followers) {
            f.close();
        }
        context.runOnContext(v -> {
            failAll(new IllegalStateException("the Redis journal of hall " + hall.id() + " is closed"));
            dropConnection();
        });
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
