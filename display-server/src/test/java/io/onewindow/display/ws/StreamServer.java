package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;

import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.ServerStats;
import io.onewindow.display.http.ApiRoutes;
import io.onewindow.display.http.ConnectionLimits;
import io.onewindow.display.http.WebSocketDeflate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on port 0 with the hall server's router: the streams mounted on it as the hall server mounts
 * them, behind the same path check and failure handler as the API, and permessage-deflate negotiated as the hall
 * server negotiates it.
 */
record StreamServer(HttpServer server, StreamRoutes streams, int port) {

    static StreamServer start(Vertx vertx, TestHall hall) {
        return start(vertx, hall, StreamConfig.DEFAULTS, new HttpServerOptions());
    }

    static StreamServer start(Vertx vertx, TestHall hall, StreamConfig config, HttpServerOptions options) {
        return start(vertx, hall, config, ConnectionLimits.DEFAULTS, options);
    }

    /** With these connection limits, applied to the server options as the hall server applies them. */
    static StreamServer start(Vertx vertx, TestHall hall, ConnectionLimits limits) {
        return start(vertx, hall, StreamConfig.DEFAULTS, limits, limits.applyTo(new HttpServerOptions()));
    }

    private static StreamServer start(Vertx vertx, TestHall hall, StreamConfig config, ConnectionLimits limits,
                                      HttpServerOptions options) {
        StreamRoutes streams = StreamRoutes.create(vertx, hall.halls, config, limits, new AtomicLong(),
                new AtomicLong());
        Router router = ApiRoutes.router(vertx, hall.halls, new Tokens(List.of()), new ServerStats(), streams::mount);
        HttpServer server = await(WebSocketDeflate.install(vertx.createHttpServer(
                WebSocketDeflate.applyTo(options.setPort(0)))).requestHandler(router).listen());
        return new StreamServer(server, streams, server.actualPort());
    }
}
