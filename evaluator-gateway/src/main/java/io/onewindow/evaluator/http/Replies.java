package io.onewindow.evaluator.http;

import io.onewindow.evaluator.RatingRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How the gateway answers over HTTP and reads what it is sent. Immutable (static). */
public final class Replies {

    private Replies() {
    }

    /** API.md's error JSON. */
    public static void error(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
                        .encode());
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(text);
    }

    /**
     * The subprotocol a pad's WebSocket asks for: a browser cannot set headers on a WebSocket, so the pad page
     * offers {@code "onewindow.pad", "bearer.<token>"}; the server selects this one and never echoes the token.
     */
    public static final String PAD_SUBPROTOCOL = "onewindow.pad";
    private static final String BEARER_SUBPROTOCOL = "bearer.";

    /**
     * The token of a request: {@code Authorization: Bearer ...}, else a WebSocket's {@code bearer.<token>}
     * subprotocol, else {@code ?token=}.
     */
    public static String token(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        String protocols = ctx.request().getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String t = p.trim();
                if (t.startsWith(BEARER_SUBPROTOCOL) && t.length() > BEARER_SUBPROTOCOL.length()) {
                    return t.substring(BEARER_SUBPROTOCOL.length());
                }
            }
        }
        return ctx.request().getParam("token");
    }

    /** An id as a message shows it: bounded. */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /**
     * The rating of a JSON body or pad message, or null when a field is unknown, missing or of the wrong type.
     * The level itself is checked by the rules (BAD_RATING), so any integer passes here.
     */
    public static RatingRequest ratingOf(JsonObject o, Set<String> fields, boolean serviceIdRequired) {
        for (String f : o.fieldNames()) {
            if (!fields.contains(f)) {
                return null;
            }
        }
        Object requestId = o.getValue("requestId");
        Object serviceId = o.getValue("serviceId");
        Object rating = o.getValue("rating");
        Object reasons = o.getValue("reasons");
        Object comment = o.getValue("comment");
        if (!(requestId instanceof String) || !(rating instanceof Integer || rating instanceof Long)) {
            return null;
        }
        if (serviceIdRequired ? !(serviceId instanceof String) : serviceId != null && !(serviceId instanceof String)) {
            return null;
        }
        if (reasons != null && !(reasons instanceof JsonArray) || comment != null && !(comment instanceof String)) {
            return null;
        }
        long level = ((Number) rating).longValue();
        List<String> tags = new ArrayList<>();
        if (reasons != null) {
            for (Object x : (JsonArray) reasons) {
                if (!(x instanceof String s)) {
                    return null;
                }
                tags.add(s);
            }
        }
        int l = level < -1 || level > 100 ? -1 : (int) level;
        return new RatingRequest((String) requestId, (String) serviceId, l, tags, (String) comment);
    }
}
