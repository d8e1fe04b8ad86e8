package io.onewindow.display.http;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The Netty channel under a Vert.x HTTP/1 connection: the one place the hall server reaches below Vert.x's
 * public API, which exposes no channel. Two things need it: the display fan-out writes the same frame bytes to
 * every screen, without a copy and with one flush per screen per pass ({@code ws.DisplaySink}), and the
 * permessage-deflate negotiation is set up on each connection's pipeline ({@link WebSocketDeflate}).
 *
 * <p>It reads {@code io.vertx.core.net.impl.ConnectionBase}, an implementation class of Vert.x 5: a Vert.x
 * upgrade that moves it fails the build's stream tests (they look at the frames on the wire), and where no
 * channel is found both callers fall back to the public API (plain frames, written by Vert.x).
 */
public final class ServerChannel {

    private ServerChannel() {
    }

    /** The connection's channel, or null where Vert.x does not expose it (an HTTP/2 stream, a later Vert.x). */
    public static Channel of(HttpConnection connection) {
        return connection instanceof ConnectionBase c ? c.channel() : null;
    }
}
