package io.onewindow.display.http;

import io.onewindow.display.access.AccessToken;
import io.onewindow.display.access.Role;
import io.onewindow.display.access.Tokens;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Who may do what, by the Bearer token of a request (DESIGN.md's Security). Immutable.
 *
 * <ul>
 *   <li>No token, or one the server does not know: 401 {@code UNAUTHORIZED}.</li>
 *   <li>A known token of another role, or limited to another hall: 403 {@code FORBIDDEN}; a pad token is
 *       accepted nowhere here (pads talk to the evaluator gateway).</li>
 *   <li>A window token acts only on its own window: 403 {@code WRONG_WINDOW} elsewhere.</li>
 *   <li>An admin token may do what a manager token may.</li>
 * </ul>
 */
final class Access {

    static final Set<Role> ISSUERS = Set.of(Role.KIOSK, Role.GUIDE);
    static final Set<Role> TICKET_READERS = Set.of(Role.KIOSK, Role.GUIDE, Role.MANAGER, Role.ADMIN);
    static final Set<Role> GUIDES = Set.of(Role.GUIDE);
    static final Set<Role> MANAGERS = Set.of(Role.MANAGER, Role.ADMIN);

    private final Tokens tokens;

    Access(Tokens tokens) {
        this.tokens = tokens;
    }

    /** The request's token if it has one of the roles in this hall; else fails with 401 or 403. */
    AccessToken require(RoutingContext ctx, String hallId, Set<Role> roles) {
        AccessToken t = authenticate(ctx);
        if (t == null) {
            throw unauthorized();
        }
        if (!roles.contains(t.role()) || !t.validIn(hallId)) {
            throw forbidden(t);
        }
        return t;
    }

    /** The request's token if it is the window token of this window of this hall; else fails. */
    AccessToken requireWindow(RoutingContext ctx, String hallId, String windowId) {
        AccessToken t = require(ctx, hallId, Set.of(Role.WINDOW));
        if (!t.window().equals(windowId)) {
            throw new ApiException(403, "WRONG_WINDOW", "this token acts only on window " + t.window());
        }
        return t;
    }

    /** The role token of the request, or null when it has none the server knows. */
    AccessToken authenticate(RoutingContext ctx) {
        return tokens.authenticate(bearer(ctx));
    }

    /** The Bearer token of the request, or null. */
    static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }

    static ApiException unauthorized() {
        return new ApiException(401, "UNAUTHORIZED", "a valid Bearer token is required");
    }

    private static ApiException forbidden(AccessToken t) {
        return new ApiException(403, "FORBIDDEN", "a " + t.role().wireName() + " token may not do this"
                + (t.hall() == null ? "" : " (or is limited to hall " + t.hall() + ")"));
    }
}
