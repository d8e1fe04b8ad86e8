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

/**
 * One display message, encoded once per hall and shared by every client: the JSON text, its UTF-8 bytes as
 * the payload of a WebSocket text frame, and the same message as a Server-Sent Event. Immutable: neither
 * buffer is written after construction, and writers only ever send duplicates of them (independent indexes
 * over the same bytes).
 *
 * @param seq  the sequence number the message brings a client to
 * @param text the JSON, e.g. {@code {"type":"TicketCalled","seq":43,...}}
 * @param utf8 the JSON's UTF-8 bytes (a frame takes a {@link ByteBuf#retainedDuplicate()}: this one is never
 *             released, so the bytes live as long as the message)
 * @param sse  {@code id: 43\nevent: TicketCalled\ndata: {...}\n\n}
 */
record EncodedEvent(long seq, String text, ByteBuf utf8, Buffer sse) {

    static EncodedEvent of(Event e, HallDefinition hall) {
        return of(e.seq(), e.type(), HallJson.event(e, hall).encode());
    }

    /** {@code {"type":"Snapshot","seq":N,"hall":..,"categories":..,"windows":..}}: API.md's queue shape. */
    static EncodedEvent snapshot(HallSnapshot s) {
        JsonObject o = new JsonObject().put("type", "Snapshot").mergeIn(HallJson.queue(s));
        return of(s.seq(), "Snapshot", o.encode());
    }

    private static EncodedEvent of(long seq, String type, String json) {
        ByteBuf utf8 = Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
        // the JSON is compact: no line breaks, so one data line carries it whole
        Buffer sse = Buffer.buffer(json.length() + 48).appendString("id: ").appendString(Long.toString(seq))
                .appendString("\nevent: ").appendString(type).appendString("\ndata: ").appendString(json)
                .appendString("\n\n");
        return new EncodedEvent(seq, json, utf8, sse);
    }
}
