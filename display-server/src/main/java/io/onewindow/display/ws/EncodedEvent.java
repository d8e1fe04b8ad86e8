package io.onewindow.display.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.display.json.HallJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * One display message, encoded once per hall and shared by every client: the JSON text, its UTF-8 bytes as
 * the payload of a WebSocket text frame, the same bytes compressed as the payload of a permessage-deflate frame
 * (made on first use), and the same message as a Server-Sent Event. Thread-safe: shared by every event loop;
 * no buffer is written after it is made, and writers only ever send duplicates of them (independent indexes
 * over the same bytes).
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
    private volatile ByteBuf deflated;

    private EncodedEvent(long seq, String text, byte[] bytes, Buffer sse) {
        this.seq = seq;
        this.text = text;
        this.bytes = bytes;
        this.utf8 = Unpooled.wrappedBuffer(bytes);
        this.sse = sse;
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
