package io.onewindow.display.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.display.json.HallJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * One display message, encoded once per hall and shared by every client: the JSON text, its UTF-8 bytes as
 * the payload of a WebSocket text frame, the same bytes compressed as the payload of a permessage-deflate frame
 * (made on first use), and the same message as a Server-Sent Event. Each WebSocket payload also comes as its
 * whole frame, header included ({@link #frame()}, {@link #deflatedFrame}), in direct memory, so a screen's write
 * is a duplicate of those bytes that the socket sends as they are: no encoder, no copy, no reference count per
 * screen (the frames are {@linkplain Unpooled#unreleasableBuffer unreleasable}: the garbage collector frees the
 * memory once the message and every write of it are gone). Thread-safe: shared by every event loop; no buffer
 * is written after it is made, and writers only ever send duplicates of them (independent indexes over the same
 * bytes).
 *
 * <p><b>Concurrency.</b> {@code deflated} is written once per message in the usual case, by the first drain
 * that has a compressing screen, with a volatile store after the bytes are complete (a reader that sees the
 * reference sees the bytes). Two event loops that ask at once may both compress: benign, the compression is
 * deterministic and context-free, so both results are the same bytes and either store serves; each compression
 * done is counted.
 */
final class EncodedEvent {

    private final long seq;
    private final String text;
    private final byte[] bytes;
    private final ByteBuf utf8;
    private final Buffer sse;
    private final ByteBuf frame;
    private volatile ByteBuf deflated;
    private volatile ByteBuf deflatedFrame;

    private EncodedEvent(long seq, String text, byte[] bytes, Buffer sse) {
        this.seq = seq;
        this.text = text;
        this.bytes = bytes;
        this.utf8 = Unpooled.wrappedBuffer(bytes);
        this.sse = sse;
        this.frame = frame(TEXT_FINAL, utf8);
    }

    /** FIN and opcode 1 (text): the first byte of an unfragmented text frame (RFC 6455 5.2). */
    private static final int TEXT_FINAL = 0x81;
    /** The same with RSV1, which marks the message compressed (RFC 7692 6). */
    private static final int TEXT_FINAL_COMPRESSED = 0xC1;

    /**
     * An unmasked server frame of this payload, as Netty's {@code WebSocket13FrameEncoder} writes it: the first
     * byte, the length in 7 bits, or 126 and 16 bits, or 127 and 64 bits; then the payload. In direct memory.
     */
    static ByteBuf frame(int firstByte, ByteBuf payload) {
        int n = payload.readableBytes();
        int header = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuf f = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(header + n)).clear();
        f.writeByte(firstByte);
        if (n <= 125) {
            f.writeByte(n);
        } else if (n <= 0xFFFF) {
            f.writeByte(126).writeShort(n);
        } else {
            f.writeByte(127).writeLong(n);
        }
        f.writeBytes(payload, payload.readerIndex(), n);
        return Unpooled.unreleasableBuffer(f);
    }

    static EncodedEvent of(Event e, HallDefinition hall) {
        return of(e.seq(), e.type(), HallJson.event(e, hall).encode());
    }

    /** {@code {"type":"Snapshot","seq":N,"hall":..,"categories":..,"windows":..}}: API.md's queue shape. */
    static EncodedEvent snapshot(HallSnapshot s) {
        JsonObject o = new JsonObject().put("type", "Snapshot").mergeIn(HallJson.queue(s));
        return of(s.seq(), "Snapshot", o.encode());
    }

    private static EncodedEvent of(long seq, String type, String json) {
        // the JSON is compact: no line breaks, so one data line carries it whole
        Buffer sse = Buffer.buffer(json.length() + 48).appendString("id: ").appendString(Long.toString(seq))
                .appendString("\nevent: ").appendString(type).appendString("\ndata: ").appendString(json)
                .appendString("\n\n");
        return new EncodedEvent(seq, json, json.getBytes(StandardCharsets.UTF_8), sse);
    }

    /** The sequence number the message brings a client to. */
    long seq() {
        return seq;
    }

    /** The JSON, e.g. {@code {"type":"TicketCalled","seq":43,...}}. */
    String text() {
        return text;
    }

    /**
     * The JSON's UTF-8 bytes (a frame takes a {@link ByteBuf#retainedDuplicate()}: this one is never released,
     * so the bytes live as long as the message).
     */
    ByteBuf utf8() {
        return utf8;
    }

    /**
     * The whole text frame of the message, header and UTF-8 payload, to be written below the WebSocket encoder:
     * a writer sends a {@link ByteBuf#duplicate()} of it (unreleasable: no reference count to keep).
     */
    ByteBuf frame() {
        return frame;
    }

    /**
     * The whole permessage-deflate frame of the message (RSV1 set, the {@link #deflated} payload), made on first
     * use and shared from then on; a writer sends a {@link ByteBuf#duplicate()} of it.
     */
    ByteBuf deflatedFrame(LongAdder compressions) {
        ByteBuf f = deflatedFrame;
        if (f == null) {
            f = frame(TEXT_FINAL_COMPRESSED, deflated(compressions));
            deflatedFrame = f; // volatile store after the bytes are complete, as for deflated
        }
        return f;
    }

    /** {@code id: 43\nevent: TicketCalled\ndata: {...}\n\n}. */
    Buffer sse() {
        return sse;
    }

    /**
     * The payload of the message's permessage-deflate frame ({@link MessageDeflater}), compressed on the first
     * call and shared from then on (a frame takes a {@link ByteBuf#retainedDuplicate()}, as for {@link #utf8()});
     * each compression made is counted in {@code compressions}.
     */
    ByteBuf deflated(LongAdder compressions) {
        ByteBuf d = deflated;
        if (d == null) {
            d = MessageDeflater.deflate(bytes);
            compressions.increment();
            deflated = d; // volatile store after the bytes are complete: see the class comment
        }
        return d;
    }
}
