package io.onewindow.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onewindow.core.Booking;
import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Staff;
import io.onewindow.core.Ticket;
import io.onewindow.core.WindowState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The journal's encoding of a {@link HallCheckpoint}: one JSON object, written before a journal drops the events
 * it stands for. Immutable and thread-safe.
 *
 * <p><b>Guarantees.</b> {@code decode(encode(c))} restores a dispatcher to the same hall as {@code c}: every
 * part is written, tickets, calls and bookings in the {@link EventCodec}'s own form (wrapped in the event that
 * carries them: a ticket as a {@code TicketIssued}, a booking as an {@code AppointmentBooked}), so a ticket's
 * every field round-trips as it does in the journal. It names its hall and format version; a checkpoint of
 * another hall, another version or one that does not fit the hall's definition is refused with an
 * {@link IOException}, never half read.
 *
 * <pre>
 * {"v":1,"h":"demo","s":4211,"l":"{..last event..}","n":812,"sr":[0,0],"ds":..,"de":..,
 *  "w":[{"st":"OPEN","f":{"i":"0571","n":"王营定"},"c":"{..TicketCalled..}","sv":true,"sa":..,"rc":0,"ps":0}],
 *  "q":["{..TicketIssued..}"],"ns":[],"b":["{..AppointmentBooked..}"],"lf":{"&lt;person key&gt;":"2026-11-20"}}
 * </pre>
 */
public final class CheckpointCodec {

    /** The format version written; a reader refuses another. */
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HallDefinition hall;
    private final EventCodec events;

    public CheckpointCodec(HallDefinition hall) {
        this.hall = Objects.requireNonNull(hall, "hall");
        this.events = new EventCodec(hall);
    }

    /** The checkpoint as JSON text. */
    public String encode(HallCheckpoint checkpoint) {
        HallCheckpoint.Parts p = checkpoint.parts();
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("h", checkpoint.hall().id());
        o.put("s", checkpoint.seq());
        if (p.last() != null) {
            o.put("l", events.encodeToString(p.last()));
        }
        o.put("n", p.nextId());
        ArrayNode sr = o.putArray("sr");
        p.serials().forEach(sr::add);
        o.put("ds", p.dayStartMillis());
        o.put("de", p.dayEndMillis());
        ArrayNode ws = o.putArray("w");
        for (HallCheckpoint.WindowPart w : p.windows()) {
            ObjectNode n = ws.addObject();
            n.put("st", w.state().name());
            if (w.staff() != null) {
                n.putObject("f").put("i", w.staff().id()).put("n", w.staff().name());
            }
            if (w.call() != null) {
                n.put("c", events.encodeToString(w.call()));
            }
            n.put("sv", w.serving());
            n.put("sa", w.startedAtMillis());
            n.put("rc", w.recalls());
            n.put("ps", w.priorityStreak());
        }
        tickets(o.putArray("q"), p.waiting());
        tickets(o.putArray("ns"), p.noShows());
        ArrayNode b = o.putArray("b");
        for (Booking bk : p.bookings()) {
            b.add(events.encodeToString(new Event.AppointmentBooked(1, 0, bk)));
        }
        ObjectNode lf = o.putObject("lf");
        p.lifts().forEach((k, d) -> lf.put(k, d.toString()));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    private void tickets(ArrayNode out, List<Ticket> tickets) {
        for (Ticket t : tickets) {
            out.add(events.encodeToString(new Event.TicketIssued(1, 0, t)));
        }
    }

    /**
     * Reads a checkpoint back.
     *
     * @throws IOException when it is not a checkpoint of this hall in this format, or does not fit its definition
     */
    public HallCheckpoint decode(String json) throws IOException {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException("the checkpoint is not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IOException("the checkpoint is not a JSON object");
        }
        if (o.path("v").asInt(-1) != VERSION) {
            throw new IOException("the checkpoint has format " + o.path("v") + "; this server reads " + VERSION);
        }
        if (!hall.id().equals(o.path("h").asText(null))) {
            throw new IOException("the checkpoint is of hall " + o.path("h") + ", not " + hall.id());
        }
        try {
            Event last = o.hasNonNull("l") ? events.decode(o.get("l").asText()) : null;
            long seq = need(o, "s").asLong();
            if ((last == null ? 0 : last.seq()) != seq) {
                throw new IOException("the checkpoint says sequence " + seq + " but its last event is "
                        + (last == null ? "none" : last.seq()));
            }
            List<Integer> serials = new ArrayList<>();
            for (JsonNode n : need(o, "sr")) {
                serials.add(n.asInt());
            }
            List<HallCheckpoint.WindowPart> windows = new ArrayList<>();
            for (JsonNode w : need(o, "w")) {
                Staff staff = w.hasNonNull("f") ? new Staff(need(w.get("f"), "i").asText(),
                        need(w.get("f"), "n").asText()) : null;
                Event.TicketCalled call = null;
                if (w.hasNonNull("c")) {
                    if (!(events.decode(w.get("c").asText()) instanceof Event.TicketCalled c)) {
                        throw new IOException("a window of the checkpoint holds a call that is not a TicketCalled");
                    }
                    call = c;
                }
                windows.add(new HallCheckpoint.WindowPart(WindowState.valueOf(need(w, "st").asText()), staff, call,
                        w.path("sv").asBoolean(), w.path("sa").asLong(), w.path("rc").asInt(),
                        w.path("ps").asInt()));
            }
            List<Booking> bookings = new ArrayList<>();
            for (JsonNode n : need(o, "b")) {
                if (!(events.decode(n.asText()) instanceof Event.AppointmentBooked ab)) {
                    throw new IOException("a booking of the checkpoint is not an AppointmentBooked");
                }
                bookings.add(ab.booking());
            }
            Map<String, LocalDate> lifts = new HashMap<>();
            var it = need(o, "lf").fields();
            while (it.hasNext()) {
                var e = it.next();
                lifts.put(e.getKey(), LocalDate.parse(e.getValue().asText()));
            }
            return HallCheckpoint.of(hall, new HallCheckpoint.Parts(last, need(o, "n").asLong(), serials,
                    need(o, "ds").asLong(), need(o, "de").asLong(), windows, tickets(need(o, "q")),
                    tickets(need(o, "ns")), bookings, lifts));
        } catch (RuntimeException e) {
            throw new IOException("the checkpoint of hall " + hall.id() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private List<Ticket> tickets(JsonNode list) throws IOException {
        List<Ticket> out = new ArrayList<>();
        for (JsonNode n : list) {
            if (!(events.decode(n.asText()) instanceof Event.TicketIssued i)) {
                throw new IOException("a ticket of the checkpoint is not a TicketIssued");
            }
            out.add(i.ticket());
        }
        return out;
    }

    private static JsonNode need(JsonNode o, String field) throws IOException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IOException("the checkpoint has no field " + field);
        }
        return n;
    }
}
