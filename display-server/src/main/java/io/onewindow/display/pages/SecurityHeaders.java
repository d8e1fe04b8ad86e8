package io.onewindow.display.pages;

import io.vertx.core.http.HttpServerResponse;

/**
 * The headers every page and every file of the pages carries. Immutable (static).
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts, styles, images, fonts and connections (fetch, WebSocket) from
 *       the server itself only; no inline script or style, no plug-in, no framing, no {@code <base>}. A page that
 *       tried to load anything from elsewhere (a CDN, a font service) would be blocked by the browser.</li>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} (a phone link never leaves
 *       in a Referer), {@code X-Frame-Options: DENY}, a {@code Permissions-Policy} that turns off camera,
 *       microphone, location and payment, and same-origin opener and resource policies.</li>
 * </ul>
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** Puts the headers on a response. */
    public static HttpServerResponse apply(HttpServerResponse res) {
        return res.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
    }
}
