package io.onewindow.display.store;

import io.onewindow.core.Event;
import io.onewindow.core.journal.EventCodec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.time.LocalDate;

/**
 * How a hall's journal lies in Redis, for its writer ({@link RedisJournal}) and its follower
 * ({@link RedisFollower}) alike: the keys, and the reading of a stream entry back into an event. Immutable
 * (static).
 *
 * <pre>
 *  ow:{demo}:events:2026-11-23   stream; entry id "&lt;seq&gt;-0", fields t (type) and e (the EventCodec JSON)
 *  ow:{demo}:days                sorted set of the days that have a stream, scored by epoch day
 *  ow:{demo}:seq                 the last journaled sequence number
 *  ow:{demo}:checkpoint          hash: s (sequence number), c (the CheckpointCodec JSON) of the hall at the last
 *                                event of the days retention dropped; absent while every day is kept
 * </pre>
 */
final class RedisStreams {

    /** Entries read per XRANGE / XREAD. */
    static final int PAGE = 1_000;

    private RedisStreams() {
    }

    /** One hash tag per hall, so that a Redis Cluster keeps a hall in one slot and one script may touch all. */
    static String keyPrefix(String hallId) {
        return "ow:{" + hallId + "}:";
    }

    /** The stream of the hall's events of one local day. */
    static String streamKey(String hallId, LocalDate day) {
        return keyPrefix(hallId) + "events:" + day;
    }

    /** The stream of the hall's events of one local day, the day as the days set holds it. */
    static String streamKey(String hallId, String day) {
        return keyPrefix(hallId) + "events:" + day;
    }

    /** The sorted set of the days that have a stream. */
    static String daysKey(String hallId) {
        return keyPrefix(hallId) + "days";
    }

    /** The checkpoint of the hall at the last event of the days dropped (a hash: s, c). */
    static String checkpointKey(String hallId) {
        return keyPrefix(hallId) + "checkpoint";
    }

    /** The last journaled sequence number. */
    static String seqKey(String hallId) {
        return keyPrefix(hallId) + "seq";
    }

    /** A stream entry's event, checked against the entry's id. */
    static Event decodeEntry(EventCodec codec, Response entry, String stream) throws IOException {
        String json = field(entry.get(1), "e");
        if (json == null) {
            throw new IOException("entry " + entry.get(0) + " of " + stream + " has no event");
        }
        Event e = codec.decode(json);
        if (!(e.seq() + "-0").equals(entry.get(0).toString())) {
            throw new IOException("entry " + entry.get(0) + " of " + stream + " holds event " + e.seq());
        }
        return e;
    }

    private static String field(Response fields, String name) {
        if (fields == null) {
            return null;
        }
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

    /** XREAD's answer: a map of stream to entries (RESP3) or a list of [stream, entries] (RESP2); null if none. */
    static Response entriesOf(Response read, String stream) {
        if (read == null) {
            return null;
        }
        if (read.isMap()) {
            return read.get(stream);
        }
        return read.size() == 0 ? null : read.get(0).get(1);
    }

    /** The handler, run on the given context: Redis answers may complete on another thread. */
    static <T> Handler<AsyncResult<T>> in(Context ctx, Handler<AsyncResult<T>> h) {
        return ar -> {
            if (Vertx.currentContext() == ctx) {
                h.handle(ar);
            } else {
                ctx.runOnContext(v -> h.handle(ar)); // FIFO per context: answers keep their order
            }
        };
    }

    /** The sequence number of a stream entry id {@code <seq>-0}. */
    static long seqOfId(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
