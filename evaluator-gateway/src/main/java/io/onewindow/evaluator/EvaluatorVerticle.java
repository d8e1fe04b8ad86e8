package io.onewindow.evaluator;

import io.onewindow.evaluator.http.EvaluationRoutes;
import io.onewindow.evaluator.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;

/**
 * The gateway on its own port, when it runs apart from the hall server: its routes, {@code /metrics} and the
 * health routes on one router. (In one JVM with the hall server, the launcher mounts {@link EvaluationRoutes}
 * on the server's router instead: one port.) The host may add routes of its own (the launcher adds the pad's
 * page and the pages' files).
 */
public final class EvaluatorVerticle extends VerticleBase {

    private final EvaluatorGateway gateway;
    private final String host;
    private final int port;
    private final Consumer<Router> more;
    private volatile int actualPort;

    public EvaluatorVerticle(EvaluatorGateway gateway, String host, int port) {
        this(gateway, host, port, r -> { });
    }

    /** @param more routes of the host, mounted after the gateway's and before the final 404 */
    public EvaluatorVerticle(EvaluatorGateway gateway, String host, int port, Consumer<Router> more) {
        this.gateway = gateway;
        this.host = host;
        this.port = port;
        this.more = more;
    }

    @Override
    public Future<?> start() {
        Router r = Router.router(vertx);
        new EvaluationRoutes(gateway).mount(r);
        r.get("/metrics").handler(ctx -> gateway.prometheus().onComplete(ar -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(ar.succeeded() ? ar.result() : "")));
        r.get("/health/live").handler(ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "UP")));
        r.get("/health/ready").handler(ctx -> {
            if (gateway.ready()) {
                Replies.json(ctx, 200, new JsonObject().put("status", "UP").put("store", gateway.storeKind()));
            } else {
                Replies.error(ctx, 503, "NOT_READY", "the evaluator gateway is recovering its store");
            }
        });
        more.accept(r);
        r.route().last().handler(ctx -> Replies.error(ctx, 404, "NOT_FOUND", "no such route"));
        r.route().failureHandler(ctx -> Replies.error(ctx, ctx.statusCode() == 413 ? 413 : 400,
                ctx.statusCode() == 413 ? "BODY_TOO_LARGE" : "BAD_REQUEST", "the request could not be read"));
        return vertx.createHttpServer(new HttpServerOptions().addWebSocketSubProtocol(Replies.PAD_SUBPROTOCOL))
                .requestHandler(r).listen(port, host).map(HttpServer::actualPort)
                .onSuccess(p -> actualPort = p);
    }

    public int actualPort() {
        return actualPort;
    }
}
