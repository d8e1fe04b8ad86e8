package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;

import io.onewindow.display.hall.HallDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicLong;

/** A real HTTP server on port 0 with the streams mounted, as the hall server mounts them. */
record StreamServer(HttpServer server, StreamRoutes streams, int port) {

    static StreamServer start(Vertx vertx, HallDirectory halls) {
        return start(vertx, halls, StreamConfig.DEFAULTS, new HttpServerOptions());
    }

    static StreamServer start(Vertx vertx, HallDirectory halls, StreamConfig config, HttpServerOptions options) {
        Router router = Router.router(vertx);
        StreamRoutes streams = StreamRoutes.create(vertx, halls, config, new AtomicLong(), new AtomicLong())
                .mount(router);
        HttpServer server = await(vertx.createHttpServer(options.setPort(0)).requestHandler(router).listen());
        return new StreamServer(server, streams, server.actualPort());
    }
}
