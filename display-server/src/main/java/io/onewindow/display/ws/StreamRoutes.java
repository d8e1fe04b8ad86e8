package io.onewindow.display.ws;

import io.netty.channel.Channel;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.http.ApiException;
import io.onewindow.display.http.ConnectionLimits;
import io.onewindow.display.http.ServerChannel;
import io.onewindow.display.http.WebSocketDeflate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time streams of API.md, mounted on the server's router:
 * <ul>
 *   <li>{@code GET /ws/v1/halls/{hall}/display?since=SEQ}: WebSocket, read-only. First
 *       {@code {"type":"Snapshot","seq":N,...}} (the {@code /queue} shape) unless {@code since} can be served from
 *       memory, then one message per event ({@link io.onewindow.display.json.HallJson#event}) in sequence order,
 *       without gaps or duplicates, none past the journal's durable sequence.</li>
 *   <li>{@code GET /sse/v1/halls/{hall}/display}: the same stream as Server-Sent Events ({@code id} = sequence,
 *       {@code event} = type, {@code data} = the JSON), resumed by {@code Last-Event-ID} (or
 *       {@code ?lastEventId=}, or {@code ?since=}), with a comment line as heartbeat.</li>
 *   <li>{@code GET /ws/v1/track/{token}}: the phone's view of one ticket ({@link TrackSession}).</li>
 * </ul>
 * A stream is refused before it starts, as the HTTP API refuses a request: the same hall lookup
 * ({@link Halls#serving}: 404 {@code UNKNOWN_HALL}, 503 {@code NOT_READY}), the same error JSON from the
 * router's one failure handler; {@code BAD_SEQUENCE} 400, {@code UPGRADE_REQUIRED} 426, {@code UNKNOWN_TICKET}
 * 404 for a phone link no hall issued.
 *
 * <p>Thread-safe: handlers run on whichever event loop accepted the connection; each hall's clients on a loop
 * are served by that loop's {@link LoopDrain}. Create one {@code StreamRoutes} per server and mount it on the
 * router of every HTTP verticle instance: the instances then share one fan-out per hall (one pair of
 * listeners on its ring and journal, one encoding per event) and each serves its own connections. Mount these
 * routes before any body handler that covers them (an upgrade must find the request unread), on a router whose
 * failure handler answers the error JSON ({@code ApiRoutes}).
 *
 * <pre>
 * StreamRoutes streams = StreamRoutes.create(vertx, halls, StreamConfig.DEFAULTS,
 *         stats.displayClients(), stats.trackClients());            // once per server
 * streams.mount(router);                                             // in each verticle's start()
 * ... streams.stats()                                                // for /metrics
 * </pre>
 */
public final class StreamRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    private static final Buffer SSE_PREAMBLE = Buffer.buffer("retry: 2000\n\n");

    private final Vertx vertx;
    private final Halls halls;
    private final StreamConfig config;
    private final StreamCounters counters;
    private final ConcurrentHashMap<String, HallFanout> fanouts = new ConcurrentHashMap<>();
    private final ConnectionLimits.Count open;

    private StreamRoutes(Vertx vertx, Halls halls, StreamConfig config, StreamCounters counters,
                         ConnectionLimits limits) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.halls = Objects.requireNonNull(halls, "halls");
        this.config = Objects.requireNonNull(config, "config");
        this.counters = counters;
        this.open = limits.newCount();
    }

    /**
     * The streams of these halls. Every display stream (WebSocket or SSE) connected counts one in
     * {@code displayClients} while it lasts, every phone stream one in {@code trackClients}: gauges the server
     * exports (the same figures are in {@link #stats()}).
     */
    public static StreamRoutes create(Vertx vertx, Halls halls, StreamConfig config,
                                      AtomicLong displayClients, AtomicLong trackClients) {
        return create(vertx, halls, config, ConnectionLimits.DEFAULTS, displayClients, trackClients);
    }

    /** {@link #create(Vertx, Halls, StreamConfig, AtomicLong, AtomicLong)} with these connection limits. */
    public static StreamRoutes create(Vertx vertx, Halls halls, StreamConfig config, ConnectionLimits limits,
                                      AtomicLong displayClients, AtomicLong trackClients) {
        return new StreamRoutes(vertx, halls, config, new StreamCounters(
                Objects.requireNonNull(displayClients, "displayClients"),
                Objects.requireNonNull(trackClients, "trackClients")), Objects.requireNonNull(limits, "limits"));
    }

    /** Puts the three routes on a router; may be called for several routers (one per verticle instance). */
    public StreamRoutes mount(Router router) {
        router.get("/ws/v1/halls/:hall/display").handler(this::display);
        router.get("/sse/v1/halls/:hall/display").handler(this::sse);
        router.get("/ws/v1/track/:token").handler(this::track);
        return this;
    }

    /** Connected clients and counters now: gauges and counters for {@code /metrics}. */
    public StreamStats stats() {
        return counters.stats();
    }

    private void display(RoutingContext ctx) {
        LiveHall hall = halls.serving(ctx.pathParam("hall"));
        long since = sequence(ctx.request().getParam("since"));
        requireUpgrade(ctx);
        HallFanout fanout = fanout(hall);
        Channel channel = channelOf(ctx.request()); // the upgrade keeps the connection's channel
        String address = admit(ctx);
        ctx.request().toWebSocket().onSuccess(ws -> {
            ws.setWriteQueueMaxSize(config.writeQueueMaxBytes());
            // the 101 response is written by now: it said whether this screen takes compressed frames
            DisplaySink sink = new DisplaySink.WebSocketDisplay(ws, channel, WebSocketDeflate.negotiated(channel),
                    counters.messagesCompressed, counters.displayWebSockets, counters.displayClients);
            ws.textMessageHandler(ignored -> { }); // read-only: what a screen sends is dropped
            ws.closeHandler(v -> {
                sink.release();
                open.release(address);
            });
            ws.exceptionHandler(e -> LOG.debug("display socket of hall {} failed", hall.hall().id(), e));
            fanout.drainOfCurrentLoop().joinDisplay(sink, since);
        }).onFailure(e -> {
            open.release(address);
            LOG.debug("display upgrade refused", e);
        });
    }

    private void sse(RoutingContext ctx) {
        LiveHall hall = halls.serving(ctx.pathParam("hall"));
        HttpServerRequest req = ctx.request();
        String resume = req.getHeader("Last-Event-ID");
        if (resume == null) {
            resume = req.getParam("lastEventId");
        }
        if (resume == null) {
            resume = req.getParam("since");
        }
        long since = sequence(resume);
        HttpServerResponse res = ctx.response();
        res.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no") // nginx: pass each event on at once
                .setWriteQueueMaxSize(config.writeQueueMaxBytes());
        String address = admit(ctx);
        DisplaySink sink = new DisplaySink.SseDisplay(res, counters.displaySse, counters.displayClients);
        res.closeHandler(v -> {
            sink.release();
            open.release(address);
        });
        res.exceptionHandler(e -> LOG.debug("display event stream of hall {} failed", hall.hall().id(), e));
        res.write(SSE_PREAMBLE);
        fanout(hall).drainOfCurrentLoop().joinDisplay(sink, since);
    }

    private void track(RoutingContext ctx) {
        Halls.TrackedTicket tracked = halls.tracked(ctx.pathParam("token"));
        if (tracked == null) {
            throw ApiException.notFound("UNKNOWN_TICKET", "no ticket has this link");
        }
        requireUpgrade(ctx);
        LiveHall owner = tracked.hall();
        long id = tracked.ticketId();
        HallFanout fanout = fanout(owner);
        String address = admit(ctx);
        ctx.request().toWebSocket().onSuccess(ws -> {
            ws.setWriteQueueMaxSize(config.writeQueueMaxBytes());
            TrackSession session = new TrackSession(ws, owner, id, counters.trackClients, counters.slowClientsCut);
            ws.textMessageHandler(ignored -> { });
            ws.closeHandler(v -> {
                session.release();
                open.release(address);
            });
            ws.exceptionHandler(e -> LOG.debug("track socket failed", e));
            fanout.drainOfCurrentLoop().joinTrack(session);
        }).onFailure(e -> {
            open.release(address);
            LOG.debug("track upgrade refused", e);
        });
    }

    /**
     * The Netty channel under an HTTP/1 request, so display frames can be written zero-copy and flushed once
     * per batch ({@link DisplaySink.WebSocketDisplay}); null where Vert.x does not expose it, and the public
     * write path serves ({@link ServerChannel}).
     */
    static Channel channelOf(HttpServerRequest request) {
        return ServerChannel.of(request.connection());
    }

    /** Counts the stream against the limits of its address and of the server, or refuses it before it starts. */
    private String admit(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        String address = remote == null ? "?" : remote.hostAddress();
        open.admit(address);
        return address;
    }

    /** The fan-out of a hall, or null before its first stream (the tests look at its drains). */
    HallFanout fanoutOf(String hallId) {
        return fanouts.get(hallId);
    }

    private HallFanout fanout(LiveHall hall) {
        return fanouts.computeIfAbsent(hall.hall().id(), id -> new HallFanout(hall, vertx, config, counters));
    }

    /** A resume sequence: -1 when absent; else a sequence number, or a 400 {@code BAD_SEQUENCE}. */
    private static long sequence(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("BAD_SEQUENCE", "since / Last-Event-ID must be a sequence number >= 0");
    }

    private static void requireUpgrade(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new ApiException(426, "UPGRADE_REQUIRED", "this is a WebSocket endpoint");
        }
    }
}
