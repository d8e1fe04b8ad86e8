package io.onewindow.evaluator.store;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.journal.EventCodec;
import io.onewindow.evaluator.EvaluatorGateway;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the gateway running on its own learns of finished services: it reads the hall's journal in Redis, as the
 * hall server writes it, and hands each {@code ServiceCompleted} to the gateway. Confined to the Vert.x context
 * it was started on (its timer and answers run there).
 *
 * <pre>
 *  ow:{demo}:days               sorted set of the days that have a stream
 *  ow:{demo}:events:2027-03-02  stream; entry id "&lt;seq&gt;-0", field e = queue-core's EventCodec JSON
 *
 *  every 200 ms: days (ZRANGE) ─▶ from the day of the last event read: XRANGE (position+1)-0 .. + COUNT 1000
 *               ─▶ events in order ─▶ ServiceCompleted to the gateway ─▶ a full page: read again at once
 * </pre>
 * It starts at the beginning of the day's stream in which the gateway opened its last service (every day's, for
 * a gateway that opened none), so a gateway that was down opens the services completed meanwhile (those past the
 * pad's time are left for the phone link), and one whose last appends failed before it stopped opens those too;
 * the gateway opens each service once, whatever it reads twice, and learns again who is signed in at each
 * window. A gateway that fell behind the hall's retention ({@code --retention-days}: the day to read from was
 * dropped behind the hall's checkpoint) reads on from the oldest kept day and says once which days it could not
 * read. A lost connection is retried at the next tick. The hall's stream is written only once durable, so no
 * evaluation opens for a service that the hall could take back.
 */
public final class RedisHallFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHallFeed.class);
    static final long TICK_MILLIS = 200;
    private static final int PAGE = 1000;

    private final Vertx vertx;
    private final Redis client;
    private final HallDefinition hall;
    private final EventCodec codec;
    private final EvaluatorGateway gateway;
    private long position;
    private LocalDate day;
    private volatile boolean stopped;
    private boolean warned;
    /** Whether the hall's retention checkpoint was looked at (once, at start). */
    private boolean droppedChecked;

    private RedisHallFeed(Vertx vertx, Redis client, HallDefinition hall, EvaluatorGateway gateway,
                          LocalDate fromDay) {
        this.vertx = vertx;
        this.client = client;
        this.hall = hall;
        this.codec = new EventCodec(hall);
        this.gateway = gateway;
        this.day = fromDay;
    }

    /** Follows the hall from the first event of the stream of {@code fromDay} (null: of its first day). */
    public static RedisHallFeed start(Vertx vertx, Redis client, HallDefinition hall, EvaluatorGateway gateway,
                                      LocalDate fromDay) {
        RedisHallFeed f = new RedisHallFeed(vertx, client, hall, gateway, fromDay);
        vertx.getOrCreateContext().runOnContext(v -> f.tick());
        return f;
    }

    /** The sequence number of the last event read. */
    public long position() {
        return position;
    }

    public void stop() {
        stopped = true;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        String prefix = "ow:{" + hall.id() + "}:";
        client.send(Request.cmd(Command.ZRANGE).arg(prefix + "days").arg(0).arg(-1)).onComplete(ar -> {
            if (ar.failed()) {
                lost(ar.cause());
                return;
            }
            List<LocalDate> days = new ArrayList<>();
            LocalDate oldest = null;
            for (Response d : ar.result()) {
                LocalDate x = LocalDate.parse(d.toString());
                if (oldest == null || x.isBefore(oldest)) {
                    oldest = x;
                }
                if (day == null || !x.isBefore(day)) {
                    days.add(x);
                }
            }
            if (droppedChecked) {
                read(prefix, days, 0);
                return;
            }
            LocalDate oldestKept = oldest;
            client.send(Request.cmd(Command.HGET).arg(prefix + "checkpoint").arg("s")).onComplete(cp -> {
                if (cp.failed()) {
                    lost(cp.cause());
                    return;
                }
                droppedChecked = true;
                if (cp.result() != null) {
                    reportDropped(Long.parseLong(cp.result().toString()), oldestKept);
                }
                read(prefix, days, 0);
            });
        });
    }

    /**
     * At start, once: the hall's retention left a checkpoint at {@code droppedUpTo} (its days before
     * {@code oldestKept} are gone). When the day to read from is one of them, the feed reads on from the oldest
     * kept day, and says which days it could not read: this gateway cannot open the services completed in them
     * after the last one it opened. A day to read from that is kept is read as before, without a word.
     */
    private void reportDropped(long droppedUpTo, LocalDate oldestKept) {
        String from = oldestKept == null ? "the hall's next event" : "the oldest day kept, " + oldestKept;
        if (day == null) {
            LOG.warn("hall {}: retention dropped the hall's events up to {} (every day before {}) before this"
                    + " evaluator read them: it cannot open the services completed then (those the hall server's own"
                    + " gateway opened in the same Redis stand); it reads from {}", hall.id(), droppedUpTo,
                    oldestKept == null ? "today" : oldestKept, from);
        } else if (oldestKept == null || oldestKept.isAfter(day)) {
            String to = oldestKept == null ? "its last one" : oldestKept.minusDays(1).toString();
            LOG.warn("hall {}: retention dropped the days {} to {} (the hall's events up to {}) before this evaluator"
                    + " read them: it cannot open the services completed in them after the last one it opened (those"
                    + " the hall server's own gateway opened in the same Redis stand); it reads on from {}", hall.id(),
                    day, to, droppedUpTo, from);
        } else {
            LOG.debug("hall {}: retention dropped events up to {}; the day to read from, {}, is kept", hall.id(),
                    droppedUpTo, day);
        }
    }

    private void read(String prefix, List<LocalDate> days, int i) {
        if (stopped) {
            return;
        }
        if (i >= days.size()) {
            later();
            return;
        }
        LocalDate d = days.get(i);
        client.send(Request.cmd(Command.XRANGE).arg(prefix + "events:" + d).arg((position + 1) + "-0").arg("+")
                .arg("COUNT").arg(PAGE)).onComplete(ar -> {
                    if (ar.failed()) {
                        lost(ar.cause());
                        return;
                    }
                    Response entries = ar.result();
                    for (Response entry : entries) {
                        if (!deliver(entry)) {
                            return;
                        }
                    }
                    if (entries.size() > 0) {
                        day = d;
                    }
                    read(prefix, days, entries.size() == PAGE ? i : i + 1);
                });
    }

    private boolean deliver(Response entry) {
        Event e;
        try {
            e = codec.decode(field(entry.get(1), "e"));
        } catch (Exception ex) {
            LOG.error("hall {}: an event after {} cannot be read; the gateway stops following it", hall.id(),
                    position, ex);
            stopped = true;
            return false;
        }
        if (e.seq() <= position) {
            return true;
        }
        position = e.seq();
        gateway.hallEvent(hall.id(), e);
        return true;
    }

    private void lost(Throwable cause) {
        if (!warned) {
            LOG.warn("hall {}: cannot read its stream from Redis, retrying: {}", hall.id(), cause.toString());
            warned = true;
        }
        later();
    }

    private void later() {
        if (!stopped) {
            vertx.setTimer(TICK_MILLIS, id -> tick());
        }
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
}
