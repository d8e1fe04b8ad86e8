package io.onewindow.evaluator.store;

import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationStore;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.ServiceRecord;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Redis store: per hall a stream of entries, the idempotency keys and the aggregates of the summaries, all
 * written by one Lua script per entry, so that an entry is kept whole or not at all. Thread-safe (the Redis
 * client is).
 *
 * <pre>
 *  ow:{demo}:evaluations        stream; one entry per Entry, field r = the EntryCodec JSON
 *  ow:{demo}:ev:requests        hash request id -> stream id of the rating that holds it
 *  ow:{demo}:ev:rated           hash service id -> evaluation id of its first rating (一次一评);
 *                               "+" + service id -> its 追加评价
 *  ow:{demo}:ev:opened          the highest hall sequence number whose service is open
 *  ow:{demo}:ev:services        set of the service ids opened: a service is opened once, however often (and in
 *                               whatever order) its ServiceCompleted is read
 *  ow:{demo}:ev:day:2027-03-02  hash of counters: served, level:5, w:1:level:5, s:0571:level:5, c:A:level:5, ...
 * </pre>
 * The hash tag {@code {hall}} keeps a hall in one Cluster slot, so one script may touch all its keys.
 *
 * <p><b>Batches.</b> Appends are not sent one by one: they wait in a queue, and whatever waits goes as one batch
 * (at most {@value #MAX_BATCH} script calls in one write on one connection, answered in order), with at most
 * {@value #MAX_BATCHES_IN_FLIGHT} batches on their way at once. Under load a batch carries every rating that came
 * while the one before was on its way, so Redis reads many scripts at once and, with {@code appendfsync always},
 * fsyncs once for all of them before it answers; each append's future still completes only with its own script's
 * answer.
 *
 * <p><b>Concurrency.</b> {@code queue} is a lock-free MPSC-or-more queue (any thread appends and any thread may
 * drain). {@code inFlight} counts the batches on their way; a thread takes the right to send a batch by a CAS
 * that raises it below the limit, and gives it back (decrement) when the batch is answered, then drains again.
 * No append is left waiting: an append enqueues <em>before</em> it tries to drain, and an answered batch
 * decrements <em>before</em> it drains, so either the appender sees a free slot, or the batch that holds the
 * slot sees the append when it drains (the queue's and the counter's volatile accesses order the two). The
 * script's sha is a volatile written when it is loaded (a benign race: two threads may load the same script).
 *
 * <p><b>Durability.</b> An append's future completes when Redis answered the script: the entry is then in Redis's
 * memory, and on its disk as its persistence says. With {@code appendonly yes} and {@code appendfsync always}
 * Redis fsyncs before it answers, and nothing acknowledged is lost; with {@code appendfsync everysec} a crash of
 * the Redis host may lose the last second. When Redis is unreachable the future fails and nothing was written;
 * when the answer was lost after Redis ran the script, the retry with the same request id finds the first entry
 * ({@link EvaluationStore.Kind#SAME_REQUEST}) and is answered with it: never a second record.
 */
public final class RedisEvaluationStore implements EvaluationStore {

    static final String APPEND_SCRIPT = """
            -- KEYS: stream, requests, rated, opened, day counters, opened services
            -- ARGV: kind, json, request id, rated field, evaluation id, seq, counters...
            local kind = ARGV[1]
            if kind == 'rated' then
              local first = redis.call('HGET', KEYS[2], ARGV[3])
              if first then
                local got = redis.call('XRANGE', KEYS[1], first, first)
                return {'SAME_REQUEST', got[1][2][2]}
              end
              if redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1 then
                return {'ALREADY_RATED', ''}
              end
            elseif kind == 'opened' then
              if redis.call('SADD', KEYS[6], ARGV[3]) == 0 then
                return {'STORED', ''}
              end
              local last = tonumber(redis.call('GET', KEYS[4]) or '0')
              if tonumber(ARGV[6]) > last then
                redis.call('SET', KEYS[4], ARGV[6])
              end
            end
            local id = redis.call('XADD', KEYS[1], '*', 'r', ARGV[2])
            if kind == 'rated' then
              redis.call('HSET', KEYS[2], ARGV[3], id)
              redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
            end
            for i = 7, #ARGV do
              redis.call('HINCRBY', KEYS[5], ARGV[i], 1)
            end
            return {'STORED', ''}
            """;

    private static final int PAGE = 1000;
    /** At most this many appends in one batch (one write, one answer each, in order). */
    static final int MAX_BATCH = 512;
    /** At most this many batches on their way at once; what comes meanwhile waits for the next batch. */
    static final int MAX_BATCHES_IN_FLIGHT = 2;

    /** Appends waiting for a batch: many producers (any thread), taken by whichever thread drains. */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Batches sent and not yet answered; 0..{@link #MAX_BATCHES_IN_FLIGHT}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();

    private final Redis client;
    private final Map<String, HallSettings> halls;
    /** Each hall's keys, encoded once (a script call names six). */
    private final Map<String, HallKeys> keys;
    private volatile String sha;
    /** The one connection appends are pipelined on; replaced after it failed. Guarded by {@code this}. */
    private Future<RedisConnection> connection;

    public RedisEvaluationStore(Redis client, Collection<HallSettings> halls) {
        this.client = client;
        Map<String, HallSettings> m = new LinkedHashMap<>();
        Map<String, HallKeys> k = new HashMap<>();
        for (HallSettings h : halls) {
            m.put(h.id(), h);
            k.put(h.id(), new HallKeys(h));
        }
        this.halls = m;
        this.keys = k;
    }

    /**
     * A hall's keys as the script takes them (KEYS[1..4], KEYS[6]), and the key of the day counters of the last
     * day asked for (a volatile cache: a rating's day is nearly always the one before it; a race between two
     * threads only computes the same day twice).
     */
    private static final class HallKeys {
        final HallSettings hall;
        final byte[] stream;
        final byte[] requests;
        final byte[] rated;
        final byte[] opened;
        final byte[] services;
        private volatile Day last = new Day(0, 0, null);

        HallKeys(HallSettings h) {
            this.hall = h;
            String p = prefix(h.id());
            this.stream = bytes(streamKey(h.id()));
            this.requests = bytes(p + "ev:requests");
            this.rated = bytes(p + "ev:rated");
            this.opened = bytes(p + "ev:opened");
            this.services = bytes(p + "ev:services");
        }

        /** The key of the day counters of the hall's local day at {@code millis}. */
        byte[] dayKey(long millis) {
            Day d = last;
            if (millis < d.fromMillis() || millis >= d.untilMillis()) {
                LocalDate day = Instant.ofEpochMilli(millis).atZone(hall.zone()).toLocalDate();
                d = new Day(day.atStartOfDay(hall.zone()).toInstant().toEpochMilli(),
                        day.plusDays(1).atStartOfDay(hall.zone()).toInstant().toEpochMilli(),
                        bytes(RedisEvaluationStore.dayKey(hall.id(), day.toString())));
                last = d;
            }
            return d.key();
        }

        private record Day(long fromMillis, long untilMillis, byte[] key) {
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String kind() {
        return "redis";
    }

    static String prefix(String hall) {
        return "ow:{" + hall + "}:";
    }

    public static String streamKey(String hall) {
        return prefix(hall) + "evaluations";
    }

    public static String dayKey(String hall, String day) {
        return prefix(hall) + "ev:day:" + day;
    }

    @Override
    public void replay(Consumer<Entry> sink) throws IOException {
        sha = await(client.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(APPEND_SCRIPT))).toString();
        for (String hall : halls.keySet()) {
            readAll(hall, sink);
        }
    }

    /**
     * Reads the hall's stream in pages of {@value #PAGE} (XRANGE from after the last id read), on the client's
     * pool, beside the appends' connection: each script adds its entry whole, so a page never holds half of one.
     * Blocking: never on an event loop.
     */
    @Override
    public void readAll(String hall, Consumer<Entry> sink) throws IOException {
        if (!halls.containsKey(hall)) {
            return;
        }
        String from = "-";
        while (true) {
            Response page = await(client.send(Request.cmd(Command.XRANGE).arg(streamKey(hall)).arg(from)
                    .arg("+").arg("COUNT").arg(PAGE)));
            if (page == null || page.size() == 0) {
                break;
            }
            String last = null;
            for (Response entry : page) {
                last = entry.get(0).toString();
                sink.accept(EntryCodec.decode(field(entry.get(1), "r")));
            }
            if (page.size() < PAGE) {
                break;
            }
            from = "(" + last;
        }
    }

    @Override
    public CompletableFuture<Appended> append(Entry entry) {
        String hall = entry.hall();
        HallKeys k = keys.get(hall);
        if (k == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no hall " + hall + " here"));
        }
        String[] args;
        byte[] day;
        if (entry instanceof Entry.Opened o) {
            ServiceRecord s = o.service();
            day = k.dayKey(s.completedAtMillis());
            args = new String[] {"opened", EntryCodec.encode(entry), s.serviceId(), "", "", Long.toString(s.seq()),
                    "served", "w:" + s.window() + ":served", "s:" + s.staffId() + ":served",
                    "c:" + s.category() + ":served"};
        } else if (entry instanceof Entry.Rated r) {
            Evaluation e = r.evaluation();
            ServiceRecord s = e.service();
            day = k.dayKey(s.completedAtMillis());
            String lv = e.addOn() ? "addon:" + e.level().value() : "level:" + e.level().value();
            args = new String[] {"rated", EntryCodec.encode(entry), e.requestId(),
                    (e.addOn() ? "+" : "") + s.serviceId(), e.evaluationId(), "0",
                    lv, "w:" + s.window() + ":" + lv, "s:" + s.staffId() + ":" + lv, "c:" + s.category() + ":" + lv,
                    "ch:" + e.channel().name() + ":" + lv};
        } else {
            Entry.CaseStepped c = (Entry.CaseStepped) entry;
            day = k.dayKey(c.step().atMillis());
            args = new String[] {"case", EntryCodec.encode(entry), "", "", "", "0",
                    "case:" + c.step().action().name()};
        }
        CompletableFuture<Appended> done = new CompletableFuture<>();
        queue.add(new Pending(entry, k, day, args, done));
        drain();
        return done;
    }

    /** An append waiting for its batch, then for Redis's answer. */
    private record Pending(Entry entry, HallKeys keys, byte[] dayKey, String[] args,
                           CompletableFuture<Appended> done) {
    }

    /** The script call of an append: EVALSHA, or EVAL with the script's text. */
    private static Request request(Pending p, String sha) {
        Request req = sha != null
                ? Request.cmd(Command.EVALSHA).arg(sha)
                : Request.cmd(Command.EVAL).arg(APPEND_SCRIPT);
        HallKeys k = p.keys();
        req.arg(6).arg(k.stream).arg(k.requests).arg(k.rated).arg(k.opened).arg(p.dayKey()).arg(k.services);
        for (String a : p.args()) {
            req.arg(a);
        }
        return req;
    }

    /**
     * Sends what waits, as batches, while fewer than {@link #MAX_BATCHES_IN_FLIGHT} are on their way. Called by
     * every append and by every answered batch, from any thread.
     *
     * <p>A batch may be answered before {@code sendBatch} returns (a failure known at once: the connection is
     * closed, the client too). Its answer then does not drain again itself: this loop goes on, so a queue of
     * failing batches is worked off in a loop, not in a recursion as deep as the queue (which held the thread,
     * an event loop, for seconds, and could overflow its stack). Whichever of the two comes second (the loop
     * after sending, or the answer) drains: {@code returned} is set by both, and only the second sees it set.
     */
    private void drain() {
        while (!queue.isEmpty()) {
            int n = inFlight.get();
            if (n >= MAX_BATCHES_IN_FLIGHT) {
                return; // a batch on its way drains again when it is answered
            }
            if (!inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            batches.incrementAndGet();
            AtomicBoolean returned = new AtomicBoolean();
            sendBatch(batch).onComplete(ar -> {
                if (ar.failed()) {
                    for (Pending x : batch) {
                        x.done().completeExceptionally(ar.cause());
                    }
                } else {
                    for (int i = 0; i < batch.size(); i++) {
                        answer(batch.get(i), ar.result().get(i));
                    }
                }
                inFlight.decrementAndGet();
                if (returned.getAndSet(true)) {
                    drain(); // answered after the loop sent it: nobody else drains for this slot
                }
            });
            returned.set(true); // answered already (at once): the loop goes on and sees the slot free
        }
    }

    private static void answer(Pending p, Response res) {
        try {
            String kind = res.get(0).toString();
            switch (kind) {
                case "STORED" -> p.done().complete(new Appended(Kind.STORED, p.entry()));
                case "SAME_REQUEST" -> p.done().complete(new Appended(Kind.SAME_REQUEST,
                        EntryCodec.decode(res.get(1).toString())));
                default -> p.done().complete(new Appended(Kind.ALREADY_RATED, p.entry()));
            }
        } catch (RuntimeException e) {
            p.done().completeExceptionally(new IOException("Redis answered an append with " + res, e));
        }
    }

    /**
     * The connection appends are pipelined on: many scripts reach Redis in one read and, with {@code appendfsync
     * always}, share its fsync before it answers them (a pool that waits for each answer would pay an fsync per
     * rating). After a failure the next append connects again.
     */
    private synchronized Future<RedisConnection> connection() {
        if (connection == null || connection.failed()) {
            Future<RedisConnection> c = client.connect();
            c.onSuccess(rc -> {
                rc.exceptionHandler(e -> dropped(c));
                rc.endHandler(v -> dropped(c));
            });
            connection = c;
        }
        return connection;
    }

    private synchronized void dropped(Future<RedisConnection> c) {
        if (connection == c) {
            connection = null;
            if (c.succeeded()) {
                c.result().close();
            }
        }
    }

    /**
     * One batch: every script call in one write on the connection, answered in order. When Redis lost the script
     * (a restart empties its script cache) it is loaded again and the batch sent again: a script that Redis does
     * not know runs nowhere, so nothing of the batch ran.
     */
    private Future<List<Response>> sendBatch(List<Pending> batch) {
        return sendOnConnection(batch).recover(err -> {
            if (err.getMessage() == null || !err.getMessage().startsWith("NOSCRIPT")) {
                return Future.failedFuture(err);
            }
            return client.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(APPEND_SCRIPT)).compose(loaded -> {
                sha = loaded.toString();
                return sendOnConnection(batch);
            });
        });
    }

    private Future<List<Response>> sendOnConnection(List<Pending> batch) {
        Future<RedisConnection> c = connection();
        return c.compose(rc -> rc.batch(requests(batch, sha))).onFailure(err -> {
            if (!(err instanceof io.vertx.redis.client.impl.types.ErrorType)) {
                dropped(c); // not an answer of Redis's: the connection is in doubt, the next batch connects again
            }
        });
    }

    private static List<Request> requests(List<Pending> batch, String sha) {
        List<Request> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            out.add(request(p, sha));
        }
        return out;
    }

    /** How many batches were sent so far (each one write on the connection). */
    public long batches() {
        return batches.get();
    }

    private static String field(Response fields, String name) {
        if (fields.isMap()) {
            Response v = fields.get(name);
            return v == null ? null : v.toString();
        }
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (name.equals(fields.get(i).toString())) {
                return fields.get(i + 1).toString();
            }
        }
        return null;
    }

    private static Response await(Future<Response> f) throws IOException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("Redis: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Redis did not answer in 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (connection != null && connection.succeeded()) {
                connection.result().close();
            }
        }
        client.close();
    }
}
