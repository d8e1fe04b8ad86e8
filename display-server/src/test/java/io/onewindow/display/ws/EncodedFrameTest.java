package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frames the fan-out writes below Netty's WebSocket encoder are the very bytes that encoder writes, for
 * every length form (7, 16 and 64 bits), and a client's decoder reads them back; the shared frame is never
 * consumed by a write.
 */
class EncodedFrameTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 300, 65_535, 65_536, 70_000})
    void shouldWriteTheBytesNettysEncoderWritesAndAClientReads(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        ByteBuf frame = EncodedEvent.frame(0x81, Unpooled.wrappedBuffer(payload));

        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        encoder.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        ByteBuf expected = Unpooled.buffer();
        for (ByteBuf b; (b = encoder.readOutbound()) != null; ) {
            expected.writeBytes(b);
            b.release();
        }
        assertThat(ByteBufs.bytes(frame)).isEqualTo(ByteBufs.bytes(expected));

        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        client.writeInbound(frame.duplicate());
        TextWebSocketFrame read = client.readInbound();
        assertThat(read.isFinalFragment()).isTrue();
        assertThat(read.text()).isEqualTo(new String(payload, StandardCharsets.US_ASCII));
        read.release();
        assertThat(frame.readableBytes()).as("the shared frame is untouched").isEqualTo(expected.readableBytes());
    }

    @Test
    void shouldMarkTheCompressedFrameWithRsv1() {
        ByteBuf frame = EncodedEvent.frame(0xC1, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        assertThat(frame.getByte(0) & 0xff).isEqualTo(0xC1);
        assertThat(frame.getByte(1)).isEqualTo((byte) 3);
    }

    private static final class ByteBufs {
        static byte[] bytes(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
