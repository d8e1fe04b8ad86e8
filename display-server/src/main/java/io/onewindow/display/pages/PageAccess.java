package io.onewindow.display.pages;

import io.onewindow.display.access.AccessToken;
import io.onewindow.display.access.Role;
import io.onewindow.display.access.Tokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Who may use the pages' few API routes, by the Bearer token, as the hall server's API decides it: 401
 * {@code UNAUTHORIZED} without a known token, 403 {@code FORBIDDEN} for another role or another hall. The token
 * is read from the Authorization header only, never from the URL. Immutable.
 */
final class PageAccess {

    static final Set<Role> MANAGERS = Set.of(Role.MANAGER, Role.ADMIN);

    private final Tokens tokens;

    PageAccess(Tokens tokens) {
        this.tokens = tokens;
    }

    /** The role token of the request, or null. */
    AccessToken token(RoutingContext ctx) {
        return tokens.authenticate(bearer(ctx));
    }

    /** The token when it has one of the roles in the hall; else answers 401 or 403 and returns null. */
    AccessToken require(RoutingContext ctx, String hallId, Set<Role> roles) {
        AccessToken t = token(ctx);
        if (t == null) {
            error(ctx, 401, "UNAUTHORIZED", "a valid Bearer token is required");
            return null;
        }
        if (!roles.contains(t.role()) || !t.validIn(hallId)) {
            error(ctx, 403, "FORBIDDEN", "a " + t.role().wireName() + " token may not do this"
                    + (t.hall() == null ? "" : " (or is limited to hall " + t.hall() + ")"));
            return null;
        }
        return t;
    }

    /** GET /api/v1/me: what the presented token may do, {"role","hall","window"}; 401 for none known. */
    void me(RoutingContext ctx) {
        AccessToken t = token(ctx);
        if (t == null) {
            error(ctx, 401, "UNAUTHORIZED", "a valid Bearer token is required");
            return;
        }
        json(ctx, 200, new JsonObject().put("role", t.role().wireName()).put("hall", t.hall())
                .put("window", t.window()));
    }

    /** The Bearer token of the request, or null. */
    static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.encode());
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
    }
}
