package io.onewindow.display.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The hall server's permessage-deflate negotiation on a connection's pipeline (an embedded channel standing for
 * the connection): what the 101 response says, what the channel records, and what Netty's encoder then does
 * with the frames the fan-out writes.
 */
class WebSocketDeflateTest {

    private static final String JSON =
            "{\"type\":\"TicketCalled\",\"seq\":42,\"number\":\"A001\",\"window\":\"1号窗口\"}";
    private static final String BROWSER = "permessage-deflate; client_max_window_bits";

    /** A connection after an upgrade request with this offer (null: none) and its 101 response. */
    private record Upgrade(EmbeddedChannel ch, HttpResponse response) {

        static Upgrade of(String offer) {
            EmbeddedChannel ch = new EmbeddedChannel(WebSocketDeflate.newNegotiation());
            HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    "/ws/v1/halls/demo/display");
            req.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade");
            if (offer != null) {
                req.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, offer);
            }
            ch.writeInbound(req);
            assertThat((Object) ch.readInbound()).as("the request goes on to the server").isSameAs(req);
            HttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.SWITCHING_PROTOCOLS);
            res.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade");
            ch.writeOutbound(res);
            assertThat((Object) ch.readOutbound()).isSameAs(res);
            return new Upgrade(ch, res);
        }

        /** The extensions the 101 response accepted, or null. */
        String accepted() {
            return response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        }

        boolean negotiated() {
            return WebSocketDeflate.negotiated(ch);
        }
    }

    @Test
    void shouldAcceptABrowsersOfferWithServerNoContextTakeover() {
        Upgrade u = Upgrade.of(BROWSER);

        assertEquals("permessage-deflate;server_no_context_takeover", u.accepted());
        assertThat(u.negotiated()).isTrue();
        assertThat(u.ch().pipeline().get(WebSocketServerExtensionHandler.class)).as("done once upgraded").isNull();
        u.ch().finishAndReleaseAll();
    }

    @Test
    void shouldAcceptClientNoContextTakeoverWhenOffered() {
        Upgrade u = Upgrade.of("permessage-deflate; client_no_context_takeover; client_max_window_bits");

        assertThat(u.accepted()).startsWith("permessage-deflate;").contains("server_no_context_takeover")
                .contains("client_no_context_takeover").doesNotContain("max_window_bits");
        assertThat(u.negotiated()).isTrue();
        u.ch().finishAndReleaseAll();
    }

    @Test
    void shouldNegotiateNothingWithoutAnOfferOrForALimitedServerWindow() {
        Upgrade none = Upgrade.of(null);
        Upgrade limited = Upgrade.of("permessage-deflate; server_max_window_bits=10");
        Upgrade other = Upgrade.of("x-webkit-deflate-frame");

        assertThat(none.accepted()).isNull();
        assertThat(none.negotiated()).isFalse();
        assertThat(limited.accepted()).as("the shared compressor uses the full window").isNull();
        assertThat(limited.negotiated()).isFalse();
        assertThat(other.accepted()).isNull();
        assertThat(other.negotiated()).isFalse();
        assertThat(WebSocketDeflate.negotiated(null)).isFalse();
        none.ch().finishAndReleaseAll();
        limited.ch().finishAndReleaseAll();
        other.ch().finishAndReleaseAll();
    }

    @Test
    void shouldPassAFrameAlreadyCompressedUntouched() {
        EmbeddedChannel ch = Upgrade.of(BROWSER).ch();
        ByteBuf compressed = Unpooled.wrappedBuffer(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc});

        ch.writeOutbound(new TextWebSocketFrame(true, WebSocketExtension.RSV1, compressed.retainedDuplicate()));
        WebSocketFrame out = ch.readOutbound();

        assertEquals(WebSocketExtension.RSV1, out.rsv());
        assertThat(ByteBufUtil.getBytes(out.content())).as("the fan-out's bytes, not compressed again")
                .containsExactly(0xaa, 0xbb, 0xcc);
        out.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldCompressAMessageWrittenThroughVertxWithoutContext() throws Exception {
        EmbeddedChannel ch = Upgrade.of(BROWSER).ch();

        ch.writeOutbound(new TextWebSocketFrame(JSON));
        ch.writeOutbound(new TextWebSocketFrame(JSON));
        WebSocketFrame first = ch.readOutbound();
        WebSocketFrame second = ch.readOutbound();

        assertEquals(WebSocketExtension.RSV1, first.rsv());
        byte[] a = ByteBufUtil.getBytes(first.content());
        byte[] b = ByteBufUtil.getBytes(second.content());
        assertThat(b).as("the second message refers to nothing of the first: no context kept").isEqualTo(a);
        assertEquals(JSON, inflate(b));
        first.release();
        second.release();
        ch.finishAndReleaseAll();
    }

    /** A payload of a compressed message, as a fresh decompressor reads it (RFC 7692 7.2.2). */
    private static String inflate(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] tailed = Arrays.copyOf(payload, payload.length + 4);
            tailed[tailed.length - 2] = (byte) 0xff;
            tailed[tailed.length - 1] = (byte) 0xff;
            inflater.setInput(tailed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1024];
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }
}
