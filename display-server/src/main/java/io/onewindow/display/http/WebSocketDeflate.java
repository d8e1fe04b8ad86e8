package io.onewindow.display.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * permessage-deflate (RFC 7692) as the hall server negotiates it: accepted for every browser that asks, always
 * with {@code server_no_context_takeover}, so that no WebSocket needs a compressor of its own.
 *
 * <pre>
 *  browser:  Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits
 *  server:   Sec-WebSocket-Extensions: permessage-deflate;server_no_context_takeover
 * </pre>
 *
 * <p>Why: a hall's screens all receive the same messages. The display fan-out compresses each message once per
 * hall, as a context-free raw deflate stream, and writes those same bytes, RSV1 set, to every screen that
 * negotiated the extension ({@code ws.DisplaySink}); Netty's per-connection encoder passes a frame whose RSV1
 * is already set without touching it. Vert.x's own negotiation would accept a browser's offer with context
 * takeover, and then any message written through Vert.x on that connection (a phone's own messages) would be
 * compressed by a zlib stream held for the life of the connection (some 256 KiB of native memory each). With
 * {@code server_no_context_takeover} (RFC 7692 7.1.1.1: the server may add it to any offer it accepts) Netty's
 * encoder makes a compressor per message and frees it at the message's end, and a screen whose messages all come
 * compressed from the fan-out never makes one. Offers with {@code server_max_window_bits} are declined (the
 * shared compressor uses the full 32 KiB window): such a client gets plain frames.
 *
 * <p>How: Vert.x puts its extension handler on each HTTP/1 connection's pipeline when per-message compression
 * is on ({@link #applyTo}); {@link #install} replaces it, as the connection opens and before its first request
 * is read, with Netty's own handler over the handshaker below, which also records on the channel whether the
 * 101 response accepted the extension ({@link #negotiated}). Thread-safe: the handshaker is stateless; each
 * connection gets its own handler, run on the connection's event loop.
 */
public final class WebSocketDeflate {

    /** Compression level of Netty's per-connection encoder (messages written through Vert.x, e.g. to phones). */
    static final int LEVEL = 6;
    /**
     * A client's compressed message inflates to at most this many bytes: a bound against a small frame that
     * inflates to a great deal (Vert.x then refuses any message over the connection limit anyway).
     */
    static final int MAX_INFLATED_BYTES = 64 * 1024;

    private static final String EXTENSION = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    private static final AttributeKey<Boolean> NEGOTIATED =
            AttributeKey.valueOf(WebSocketDeflate.class, "permessage-deflate");
    private static final WebSocketServerExtensionHandshaker HANDSHAKER = new NoServerContextHandshaker();

    private WebSocketDeflate() {
    }

    /** Per-message compression on (so that Vert.x reads compressed client frames), per-frame compression off. */
    public static HttpServerOptions applyTo(HttpServerOptions options) {
        return options.setPerMessageWebSocketCompressionSupported(true)
                .setPerFrameWebSocketCompressionSupported(false)
                .setWebSocketCompressionLevel(LEVEL);
    }

    /** Negotiates permessage-deflate on each of the server's connections as described above. */
    public static HttpServer install(HttpServer server) {
        return server.connectionHandler(WebSocketDeflate::negotiateOn);
    }

    /**
     * Whether the WebSocket on this channel accepted permessage-deflate (with {@code server_no_context_takeover})
     * through this negotiation; false for a null channel, a client that did not ask, a server without
     * {@link #install}.
     */
    public static boolean negotiated(Channel channel) {
        return channel != null && Boolean.TRUE.equals(channel.attr(NEGOTIATED).get());
    }

    /** On the connection's event loop as it opens: our handler in the place of Vert.x's. */
    private static void negotiateOn(HttpConnection connection) {
        Channel channel = ServerChannel.of(connection);
        if (channel == null) {
            return; // not an HTTP/1 connection Vert.x lets us see: Vert.x's own negotiation stands
        }
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext vertx = pipeline.context(WebSocketServerExtensionHandler.class);
        if (vertx != null) { // none when compression is off in the options: then nothing is negotiated
            pipeline.replace(vertx.handler(), vertx.name(), newNegotiation());
        }
    }

    /** A fresh negotiating handler for one connection (a pipeline of its own: not sharable). */
    static ChannelHandler newNegotiation() {
        return new Negotiation();
    }

    /** Netty's extension handler, which also marks the channel with the outcome of its 101 response. */
    private static final class Negotiation extends WebSocketServerExtensionHandler {

        Negotiation() {
            super(HANDSHAKER);
        }

        @Override
        protected void onHttpResponseWrite(ChannelHandlerContext ctx, HttpResponse response, ChannelPromise promise)
                throws Exception {
            super.onHttpResponseWrite(ctx, response, promise); // adds the accepted extension to the headers
            if (HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
                // set on every 101 (a connection has at most one): the fan-out reads it once the socket is open
                String accepted = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
                ctx.channel().attr(NEGOTIATED).set(accepted != null
                        && accepted.toLowerCase(Locale.ROOT).contains(EXTENSION));
            }
        }
    }

    /**
     * Netty's permessage-deflate handshaker, shown each offer as if it included
     * {@code server_no_context_takeover}: it then accepts it with that parameter in the response, and its
     * encoder keeps no compressor between messages.
     */
    private static final class NoServerContextHandshaker implements WebSocketServerExtensionHandshaker {

        private final PerMessageDeflateServerExtensionHandshaker netty = new PerMessageDeflateServerExtensionHandshaker(
                LEVEL, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, true,
                MAX_INFLATED_BYTES);

        @Override
        public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
            if (!EXTENSION.equals(offer.name())) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>(offer.parameters());
            parameters.put(SERVER_NO_CONTEXT, null);
            return netty.handshakeExtension(new WebSocketExtensionData(offer.name(), parameters));
        }
    }
}
