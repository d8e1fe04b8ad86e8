package io.onewindow.display.ws;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.display.json.HallJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One display message, encoded once per hall and shared by every client: the JSON text of a WebSocket message
 * and the bytes of the same message as a Server-Sent Event. Immutable (the buffer is never written after
 * construction; writers share it read-only).
 *
 * @param seq  the sequence number the message brings a client to
 * @param text the JSON, e.g. {@code {"type":"TicketCalled","seq":43,...}}
 * @param sse  {@code id: 43\nevent: TicketCalled\ndata: {...}\n\n}
 */
record EncodedEvent(long seq, String text, Buffer sse) {

    static EncodedEvent of(Event e, HallDefinition hall) {
        String json = HallJson.event(e, hall).encode();
        return new EncodedEvent(e.seq(), json, sse(e.seq(), e.type(), json));
    }

    /** {@code {"type":"Snapshot","seq":N,"hall":..,"categories":..,"windows":..}}: API.md's queue shape. */
    static EncodedEvent snapshot(HallSnapshot s) {
        JsonObject o = new JsonObject().put("type", "Snapshot").mergeIn(HallJson.queue(s));
        String json = o.encode();
        return new EncodedEvent(s.seq(), json, sse(s.seq(), "Snapshot", json));
    }

    private static Buffer sse(long id, String type, String json) {
        // the JSON is compact: no line breaks, so one data line carries it whole
        return Buffer.buffer(json.length() + 48).appendString("id: ").appendString(Long.toString(id))
                .appendString("\nevent: ").appendString(type).appendString("\ndata: ").appendString(json)
                .appendString("\n\n");
    }
}
