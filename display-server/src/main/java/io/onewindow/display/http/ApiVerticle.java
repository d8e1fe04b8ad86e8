package io.onewindow.display.http;

import io.onewindow.display.access.AddressLimit;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.ServerStats;
import io.onewindow.display.http.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;

/**
 * One HTTP server instance on its event loop, serving the router of {@link ApiRoutes}. Several instances share
 * the port (Vert.x balances connections between them) and the same halls.
 */
public final class ApiVerticle extends VerticleBase {

    /** The subprotocol of the pad's WebSocket (the evaluator gateway's {@code Replies.PAD_SUBPROTOCOL}). */
    static final String PAD_SUBPROTOCOL = "onewindow.pad";

    private final Halls halls;
    private final Consumer<Router> streams;
    private final AddressLimit bookingLimit;
    private final Tokens tokens;
    private final ServerStats stats;
    private final String host;
    private final int port;
    private volatile int actualPort;

    public ApiVerticle(Halls halls, Tokens tokens, ServerStats stats, Consumer<Router> streams, String host,
                       int port) {
        this(halls, tokens, stats, streams, host, port, new AddressLimit(ApiRoutes.DEFAULT_BOOKINGS_PER_MINUTE));
    }

    /** With the per-address limit of booking requests, shared by every instance of the server. */
    public ApiVerticle(Halls halls, Tokens tokens, ServerStats stats, Consumer<Router> streams, String host,
                       int port, AddressLimit bookingLimit) {
        this.bookingLimit = bookingLimit;
        this.halls = halls;
        this.streams = streams;
        this.tokens = tokens;
        this.stats = stats;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = ApiRoutes.router(vertx, halls, tokens, stats, streams, bookingLimit);
        // permessage-deflate for the browsers that ask (all of them), negotiated with server_no_context_takeover:
        // the display fan-out compresses each message once per hall and sends the same bytes to every such
        // screen, so no screen holds a compressor of its own (WebSocketDeflate)
        // the pad's WebSocket (evaluator gateway, mounted on this router) offers "onewindow.pad" and its token as
        // "bearer.<token>": the server selects the first, so the browser accepts the upgrade and the token is not
        // echoed; streams that offer none are unaffected
        return WebSocketDeflate.install(vertx.createHttpServer(WebSocketDeflate.applyTo(
                        ConnectionLimits.DEFAULTS.applyTo(new HttpServerOptions().setHost(host)
                                .addWebSocketSubProtocol(PAD_SUBPROTOCOL)
                                .setCompressionSupported(false)))))
                .requestHandler(router)
                .listen(port)
                .onSuccess(s -> actualPort = s.actualPort());
    }

    public int actualPort() {
        return actualPort;
    }
}
