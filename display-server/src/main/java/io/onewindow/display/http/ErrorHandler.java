package io.onewindow.display.http;

import io.onewindow.display.hall.HallUnavailableException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: answers every failed request with API.md's error JSON
 * {@code {"error":{"code":"UPPER_SNAKE","message":"..."}}}. An {@link ApiException} carries its own status and
 * code; failures raised by Vert.x itself (no route, body too large) keep their status; anything else is a bug,
 * logged once here and answered 500 without detail.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        int status;
        String code;
        String message;
        if (f instanceof ApiException a) {
            status = a.status();
            code = a.code();
            message = a.getMessage();
        } else if (f instanceof HallUnavailableException u) {
            status = switch (u.reason()) {
                case UNKNOWN_HALL -> 404;
                case TOO_MANY_REQUESTS -> 429;
                case NOT_READY, READ_ONLY, JOURNAL_UNAVAILABLE, REPLICA_STOPPED, JOURNAL_LOST_EVENTS -> 503;
            };
            code = u.reason().code();
            message = u.getMessage();
        } else if (f instanceof DecodeException) {
            status = 400;
            code = "BAD_JSON";
            message = "the body is not valid JSON";
        } else {
            status = ctx.statusCode();
            switch (status) {
                case 400 -> {
                    code = "BAD_REQUEST";
                    message = "the request cannot be read";
                }
                case 404 -> {
                    code = "NOT_FOUND";
                    message = "no such resource: " + ctx.request().method() + " " + clip(ctx.request().path());
                }
                case 405 -> {
                    code = "METHOD_NOT_ALLOWED";
                    message = ctx.request().method() + " is not allowed on " + clip(ctx.request().path());
                }
                case 413 -> {
                    code = "BODY_TOO_LARGE";
                    message = "the body is larger than " + ApiRoutes.BODY_LIMIT_BYTES + " bytes";
                }
                default -> {
                    status = 500;
                    code = "INTERNAL";
                    message = "the server failed; the failure is logged";
                    LOG.error("{} {} failed", ctx.request().method(), clip(ctx.request().path()), f);
                }
            }
        }
        HttpServerResponse resp = ctx.response();
        if (resp.headWritten()) {
            resp.reset();
            return;
        }
        if (status == 401) {
            resp.putHeader("WWW-Authenticate", "Bearer");
        }
        if (status == 429 && !resp.headers().contains("Retry-After")) {
            resp.putHeader("Retry-After", "1"); // a route that knows its window (booking: a minute) sets its own
        }
        if (status == 413) {
            resp.putHeader("Connection", "close");
        }
        LOG.debug("{} {} -> {} {}", ctx.request().method(), clip(ctx.request().path()), status, code);
        resp.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
                        .encode());
    }

    /** A path as logs and messages show it: bounded, and without a phone link's token. */
    static String clip(String path) {
        if (path == null) {
            return "";
        }
        String p = path.startsWith("/t/") ? "/t/…" : path;
        return p.length() > 120 ? p.substring(0, 120) + "…" : p;
    }
}
