package io.onewindow.display.store;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.Journal;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower of a hall's Redis journal ({@link RedisJournal#follow}): how a read-only replica keeps its
 * displays current. Delivers every event after the position to the sink, in sequence order without gaps,
 * first those already journaled and then each new one as the owner journals it, moving on from one day's stream
 * to the next. Thread-safe to {@link #close} and to read {@link #position()} from any thread; its work, and the
 * sink, are confined to its Vert.x context (an event loop).
 *
 * <pre>
 *  connect ─▶ days (ZRANGE) ─▶ first day with an event after the position
 *     ▲          │
 *     │          ▼
 *     │    XREAD BLOCK 1 s from the position ── entries ─▶ sink (in order; a gap stops it) ──┐
 *     │          │ none                                                                      │
 *     │          ▼                                                                           │
 *     │    a later day? ── yes: the rest of this day (XRANGE), then the next day ───────────┤
 *     └── lost connection: again in 1 s                   no: read again ◀──────────────────┘
 * </pre>
 * It uses its own connection ({@code XREAD BLOCK} holds one), reconnects after a lost connection, and stops for
 * good, failing {@link #stopped()}, on an entry it cannot read or a gap in the sequence.
 */
public final class RedisFollower implements Journal.Following {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFollower.class);

    /** How long one XREAD waits for new events before the follower looks for a later day. */
    static final long BLOCK_MILLIS = 1_000;

    private final Vertx vertx;
    private final Redis client;
    private final HallDefinition hall;
    private final EventCodec codec;
    private final String daysKey;
    private final Consumer<Event> sink;
    private final Context context;
    private final Consumer<RedisFollower> onStop;
    private final Promise<Void> stopped = Promise.promise();
    private volatile long position;
    private volatile boolean stopping;
    // confined to the context
    private RedisConnection conn;
    private LocalDate day;

    private RedisFollower(Vertx vertx, Redis client, HallDefinition hall, long afterSeq, Consumer<Event> sink,
                          Consumer<RedisFollower> onStop) {
        this.vertx = vertx;
        this.client = client;
        this.hall = hall;
        this.codec = new EventCodec(hall);
        this.daysKey = RedisStreams.daysKey(hall.id());
        this.position = afterSeq;
        this.sink = sink;
        this.context = vertx.getOrCreateContext();
        this.onStop = onStop;
    }

    /**
     * Starts following the hall in the Redis of {@code client} after {@code afterSeq}, on a context of
     * {@code vertx}; {@code onStop} is told once it stops, by {@link #close} or on a gap.
     */
    static RedisFollower start(Vertx vertx, Redis client, HallDefinition hall, long afterSeq, Consumer<Event> sink,
                               Consumer<RedisFollower> onStop) {
        RedisFollower f = new RedisFollower(vertx, client, hall, afterSeq, Objects.requireNonNull(sink, "sink"),
                onStop);
        f.context.runOnContext(v -> f.step());
        return f;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public CompletionStage<Void> stopped() {
        return stopped.future().toCompletionStage();
    }

    @Override
    public void close() {
        stopping = true;
        context.runOnContext(v -> {
            if (conn != null) {
                conn.close();
                conn = null;
            }
            stopped.tryComplete();
        });
        onStop.accept(this);
    }

    /** One turn of the loop: connect, find the day, read, deliver, again. */
    private void step() {
        if (stopping) {
            return;
        }
        if (conn == null) {
            client.connect().onComplete(RedisStreams.in(context, ar -> {
                if (ar.failed()) {
                    LOG.warn("hall {}: the follower cannot connect to Redis, retrying: {}", hall.id(),
                            ar.cause().toString());
                    later();
                    return;
                }
                if (stopping) {
                    ar.result().close();
                    return;
                }
                conn = ar.result();
                step();
            }));
            return;
        }
        if (day == null) {
            findStartDay();
            return;
        }
        String stream = RedisStreams.streamKey(hall.id(), day);
        conn.send(Request.cmd(Command.XREAD).arg("COUNT").arg(RedisStreams.PAGE).arg("BLOCK").arg(BLOCK_MILLIS)
                .arg("STREAMS").arg(stream).arg(position + "-0")).onComplete(RedisStreams.in(context, ar -> {
                    if (gone()) {
                        return;
                    }
                    if (ar.failed()) {
                        lost(ar.cause());
                        return;
                    }
                    Response entries = RedisStreams.entriesOf(ar.result(), stream);
                    if (entries != null && entries.size() > 0) {
                        if (deliver(entries, stream)) {
                            step();
                        }
                    } else {
                        nextDayOrWait(stream);
                    }
                }));
    }

    /** The first day whose stream holds an event after the position; or the last day; or none yet. */
    private void findStartDay() {
        conn.send(Request.cmd(Command.ZRANGE).arg(daysKey).arg(0).arg(-1)).onComplete(RedisStreams.in(context, ar -> {
            if (gone()) {
                return;
            }
            if (ar.failed()) {
                lost(ar.cause());
                return;
            }
            List<LocalDate> days = new ArrayList<>();
            for (Response d : ar.result()) {
                days.add(LocalDate.parse(d.toString()));
            }
            if (days.isEmpty()) {
                later(); // nothing journaled yet
                return;
            }
            pickDay(days, 0);
        }));
    }

    private void pickDay(List<LocalDate> days, int i) {
        if (i == days.size() - 1) {
            day = days.get(i);
            step();
            return;
        }
        String stream = RedisStreams.streamKey(hall.id(), days.get(i));
        conn.send(Request.cmd(Command.XREVRANGE).arg(stream).arg("+").arg("-").arg("COUNT").arg(1))
                .onComplete(RedisStreams.in(context, ar -> {
                    if (gone()) {
                        return;
                    }
                    if (ar.failed()) {
                        lost(ar.cause());
                        return;
                    }
                    Response top = ar.result();
                    long topSeq = top == null || top.size() == 0 ? 0
                            : RedisStreams.seqOfId(top.get(0).get(0).toString());
                    if (topSeq > position) {
                        day = days.get(i);
                        step();
                    } else {
                        pickDay(days, i + 1);
                    }
                }));
    }

    /**
     * Nothing new in today's stream: if a later day exists, read what is left of this one (written before
     * the later day's first event, since the writer journals in order), then move on; else read again.
     */
    private void nextDayOrWait(String stream) {
        conn.send(Request.cmd(Command.ZRANGEBYSCORE).arg(daysKey).arg("(" + day.toEpochDay()).arg("+inf")
                .arg("LIMIT").arg(0).arg(1)).onComplete(RedisStreams.in(context, ar -> {
                    if (gone()) {
                        return;
                    }
                    if (ar.failed()) {
                        lost(ar.cause());
                        return;
                    }
                    Response later = ar.result();
                    if (later == null || later.size() == 0) {
                        step();
                        return;
                    }
                    LocalDate next = LocalDate.parse(later.get(0).toString());
                    conn.send(Request.cmd(Command.XRANGE).arg(stream).arg((position + 1) + "-0").arg("+"))
                            .onComplete(RedisStreams.in(context, rest -> {
                                if (gone()) {
                                    return;
                                }
                                if (rest.failed()) {
                                    lost(rest.cause());
                                    return;
                                }
                                Response left = rest.result();
                                if (left != null && left.size() > 0 && !deliver(left, stream)) {
                                    return;
                                }
                                day = next;
                                step();
                            }));
                }));
    }

    /** Delivers entries in order; false (and stopped) on a gap or an entry it cannot read. */
    private boolean deliver(Response entries, String stream) {
        for (Response entry : entries) {
            if (stopping) {
                return false;
            }
            Event e;
            try {
                e = RedisStreams.decodeEntry(codec, entry, stream);
            } catch (IOException | RuntimeException ex) {
                return stop(ex);
            }
            if (e.seq() <= position) {
                continue;
            }
            if (e.seq() != position + 1) {
                return stop(new IOException("stream " + stream + " holds event " + e.seq() + " after "
                        + position + ": the journal has a gap"));
            }
            position = e.seq(); // first: whoever the sink tells sees the position include this event
            sink.accept(e);
        }
        return true;
    }

    /** Closed, or the connection this answer came on was dropped: the answer is stale. */
    private boolean gone() {
        return stopping || conn == null;
    }

    private boolean stop(Throwable cause) {
        LOG.error("hall {}: the follower stops at event {}", hall.id(), position, cause);
        stopping = true;
        if (conn != null) {
            conn.close();
            conn = null;
        }
        stopped.tryFail(cause);
        onStop.accept(this);
        return false;
    }

    private void lost(Throwable cause) {
        if (stopping) {
            return;
        }
        LOG.warn("hall {}: the follower lost Redis, reconnecting: {}", hall.id(), cause.toString());
        if (conn != null) {
            conn.close();
            conn = null;
        }
        later();
    }

    private void later() {
        vertx.setTimer(BLOCK_MILLIS, id -> context.runOnContext(v -> step()));
    }
}
