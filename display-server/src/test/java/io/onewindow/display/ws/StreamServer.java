package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;

import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.ServerStats;
import io.onewindow.display.http.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on port 0 with the hall server's router: the streams mounted on it as the hall server mounts
 * them, behind the same path check and failure handler as the API.
 */
record StreamServer(HttpServer server, StreamRoutes streams, int port) {

    static StreamServer start(Vertx vertx, TestHall hall) {
        return start(vertx, hall, StreamConfig.DEFAULTS, new HttpServerOptions());
    }

    static StreamServer start(Vertx vertx, TestHall hall, StreamConfig config, HttpServerOptions options) {
        StreamRoutes streams = StreamRoutes.create(vertx, hall.halls, config, new AtomicLong(), new AtomicLong());
        Router router = ApiRoutes.router(vertx, hall.halls, new Tokens(List.of()), new ServerStats(), streams::mount);
        HttpServer server = await(vertx.createHttpServer(options.setPort(0)).requestHandler(router).listen());
        return new StreamServer(server, streams, server.actualPort());
    }
}
