package io.onewindow.core.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.onewindow.core.Booking;
import io.onewindow.core.BookingState;
import io.onewindow.core.Category;
import io.onewindow.core.Channel;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The journal's encoding of a hall's {@link Event}s: one compact JSON object per event, UTF-8. Immutable and
 * thread-safe (Jackson's factory is; each call makes its own generator or parser).
 *
 * <p><b>Guarantees.</b> {@code decode(encode(e)).equals(e)} for every event of the hall the codec was made for:
 * every field of every event type is written, including the ticket's personKey, appointment and phone-link
 * token. A ticket's origin {@link Category} is written as its code and resolved through the
 * {@link HallDefinition} on decoding, and its category index is the index of its category in that definition,
 * so a journal is read back with the definition of the hall that wrote it. An event never holds an ID number
 * (the core hashes it before any event exists), so neither does the journal.
 *
 * <p>The wire form, with short field names because a hall writes millions of them:
 * <pre>
 * {"t":"TicketCalled","s":42,"a":1795400000000,
 *  "k":{"i":7,"n":3,"o":"A","c":"A","p":"NORMAL","h":"KIOSK","is":..,"q":..,"r":..,"fc":..,"pn":false,
 *       "pk":null,"ap":null,"tk":null},
 *  "w":"1","f":{"i":"0571","n":"王营定"}}
 * </pre>
 * {@code t} type (the event's simple class name), {@code s} seq, {@code a} atMillis, {@code k} ticket,
 * {@code w} window, {@code f} staff, {@code rc} recallCount, {@code ca}/{@code sa} called/started millis,
 * {@code rl} recallLimitReached, {@code fr} fromCategory, {@code re} reason, {@code d} day (ISO date),
 * {@code e} expired; appointments: {@code b} the booking, {@code ids} the missed bookings, {@code pk} a person key.
 * Absent optional fields decode as null (or 0/false).
 */
public final class EventCodec {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final HallDefinition hall;

    public EventCodec(HallDefinition hall) {
        this.hall = Objects.requireNonNull(hall, "hall");
    }

    /** The hall whose events this codec reads and writes. */
    public HallDefinition hall() {
        return hall;
    }

    /** The event as UTF-8 JSON bytes. */
    public byte[] encode(Event e) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                write(g, e);
            }
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        }
    }

    /** The event as a JSON string (for stores whose values are text). */
    public String encodeToString(Event e) {
        return new String(encode(e), StandardCharsets.UTF_8);
    }

    /** Reads an event back. */
    public Event decode(byte[] bytes) throws IOException {
        return decode(bytes, 0, bytes.length);
    }

    /** Reads an event back from {@code len} bytes at {@code offset}. */
    public Event decode(byte[] bytes, int offset, int len) throws IOException {
        try (JsonParser p = JSON.createParser(bytes, offset, len)) {
            return read(p);
        }
    }

    /** Reads an event back from its JSON text. */
    public Event decode(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return read(p);
        }
    }

    // ---------------------------------------------------------------- writing

    private static void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        g.writeStringField("t", e.type());
        g.writeNumberField("s", e.seq());
        g.writeNumberField("a", e.atMillis());
        if (e instanceof Event.TicketIssued i) {
            ticket(g, i.ticket());
        } else if (e instanceof Event.TicketCalled c) {
            ticket(g, c.ticket());
            g.writeStringField("w", c.window());
            staff(g, c.staff());
        } else if (e instanceof Event.TicketRecalled r) {
            ticket(g, r.ticket());
            g.writeStringField("w", r.window());
            g.writeNumberField("rc", r.recallCount());
        } else if (e instanceof Event.ServiceStarted st) {
            ticket(g, st.ticket());
            g.writeStringField("w", st.window());
            staff(g, st.staff());
        } else if (e instanceof Event.ServiceCompleted done) {
            ticket(g, done.ticket());
            g.writeStringField("w", done.window());
            staff(g, done.staff());
            g.writeNumberField("ca", done.calledAtMillis());
            g.writeNumberField("sa", done.startedAtMillis());
        } else if (e instanceof Event.TicketNoShow ns) {
            ticket(g, ns.ticket());
            g.writeStringField("w", ns.window());
            g.writeBooleanField("rl", ns.recallLimitReached());
        } else if (e instanceof Event.TicketReinstated ri) {
            ticket(g, ri.ticket());
        } else if (e instanceof Event.TicketTransferred tr) {
            ticket(g, tr.ticket());
            g.writeStringField("fr", tr.fromCategory());
            g.writeStringField("w", tr.window());
        } else if (e instanceof Event.TicketCancelled c) {
            ticket(g, c.ticket());
        } else if (e instanceof Event.TicketPinned pin) {
            ticket(g, pin.ticket());
            g.writeStringField("re", pin.reason());
        } else if (e instanceof Event.TrackLinkReplaced link) {
            ticket(g, link.ticket());
        } else if (e instanceof Event.WindowOpened o) {
            g.writeStringField("w", o.window());
            staff(g, o.staff());
        } else if (e instanceof Event.WindowPaused p) {
            g.writeStringField("w", p.window());
        } else if (e instanceof Event.WindowResumed r) {
            g.writeStringField("w", r.window());
        } else if (e instanceof Event.WindowClosed c) {
            g.writeStringField("w", c.window());
        } else if (e instanceof Event.DayClosed d) {
            g.writeStringField("d", d.day() == null ? null : d.day().toString());
            g.writeNumberField("e", d.expired());
        } else if (e instanceof Event.AppointmentBooked b) {
            booking(g, b.booking());
        } else if (e instanceof Event.AppointmentCancelled c) {
            booking(g, c.booking());
        } else if (e instanceof Event.AppointmentsMissed m) {
            g.writeArrayFieldStart("ids");
            for (long id : m.bookings()) {
                g.writeNumber(id);
            }
            g.writeEndArray();
        } else if (e instanceof Event.BookingBlockLifted l) {
            g.writeStringField("pk", l.personKey());
            g.writeStringField("d", l.through().toString());
            g.writeStringField("re", l.reason());
        } else {
            throw new IllegalArgumentException("no encoding for event type " + e.type());
        }
        g.writeEndObject();
    }

    private static void ticket(JsonGenerator g, Ticket t) throws IOException {
        if (t == null) {
            return;
        }
        g.writeObjectFieldStart("k");
        g.writeNumberField("i", t.id());
        g.writeNumberField("n", t.serial());
        g.writeStringField("o", t.origin().code());
        g.writeStringField("c", t.category());
        g.writeStringField("p", t.priority().name());
        g.writeStringField("h", t.channel().name());
        g.writeNumberField("is", t.issuedAtMillis());
        g.writeNumberField("q", t.queueTimeMillis());
        g.writeNumberField("r", t.order());
        if (t.firstCalledAtMillis() != 0) {
            g.writeNumberField("fc", t.firstCalledAtMillis());
        }
        if (t.pinned()) {
            g.writeBooleanField("pn", true);
        }
        optional(g, "pk", t.personKey());
        optional(g, "ap", t.appointmentId());
        optional(g, "tk", t.trackToken());
        g.writeEndObject();
    }

    private static void booking(JsonGenerator g, Booking b) throws IOException {
        g.writeObjectFieldStart("b");
        g.writeNumberField("i", b.id());
        g.writeStringField("cd", b.code());
        g.writeStringField("c", b.category());
        g.writeStringField("d", b.date().toString());
        g.writeNumberField("st", b.startMillis());
        g.writeNumberField("en", b.endMillis());
        g.writeStringField("pk", b.personKey());
        g.writeStringField("ph", b.phone());
        g.writeStringField("sh", b.secretHash());
        g.writeNumberField("ba", b.bookedAtMillis());
        g.writeStringField("s", b.state().name());
        g.writeNumberField("ch", b.changedAtMillis());
        if (b.ticketId() != 0) {
            g.writeNumberField("tk", b.ticketId());
        }
        if (b.late()) {
            g.writeBooleanField("lt", true);
        }
        g.writeEndObject();
    }

    private static void staff(JsonGenerator g, Staff s) throws IOException {
        if (s == null) {
            return;
        }
        g.writeObjectFieldStart("f");
        g.writeStringField("i", s.id());
        g.writeStringField("n", s.name());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    // ---------------------------------------------------------------- reading

    private Event read(JsonParser p) throws IOException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT);
        String type = null;
        long seq = -1;
        long at = 0;
        Ticket ticket = null;
        String window = null;
        Staff staff = null;
        int recallCount = 0;
        long calledAt = 0;
        long startedAt = 0;
        boolean recallLimit = false;
        String from = null;
        String reason = null;
        LocalDate day = null;
        int expired = 0;
        Booking booking = null;
        List<Long> ids = null;
        String personKey = null;
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "t" -> type = p.getText();
                case "s" -> seq = p.getLongValue();
                case "a" -> at = p.getLongValue();
                case "k" -> ticket = v == JsonToken.VALUE_NULL ? null : readTicket(p);
                case "w" -> window = text(p, v);
                case "f" -> staff = v == JsonToken.VALUE_NULL ? null : readStaff(p);
                case "rc" -> recallCount = p.getIntValue();
                case "ca" -> calledAt = p.getLongValue();
                case "sa" -> startedAt = p.getLongValue();
                case "rl" -> recallLimit = p.getBooleanValue();
                case "fr" -> from = text(p, v);
                case "re" -> reason = text(p, v);
                case "d" -> day = v == JsonToken.VALUE_NULL ? null : date(p.getText());
                case "e" -> expired = p.getIntValue();
                case "b" -> booking = readBooking(p);
                case "ids" -> ids = readIds(p);
                case "pk" -> personKey = text(p, v);
                default -> p.skipChildren(); // a field a later version added: not ours to read
            }
        }
        expect(p, tok, JsonToken.END_OBJECT);
        if (type == null || seq < 0) {
            throw new IOException("an event needs its type and sequence number");
        }
        Event e = switch (type) {
            case "TicketIssued" -> new Event.TicketIssued(seq, at, need(ticket, type));
            case "TicketCalled" -> new Event.TicketCalled(seq, at, need(ticket, type), window, staff);
            case "TicketRecalled" -> new Event.TicketRecalled(seq, at, need(ticket, type), window, recallCount);
            case "ServiceStarted" -> new Event.ServiceStarted(seq, at, need(ticket, type), window, staff);
            case "ServiceCompleted" -> new Event.ServiceCompleted(seq, at, need(ticket, type), window, staff,
                    calledAt, startedAt);
            case "TicketNoShow" -> new Event.TicketNoShow(seq, at, need(ticket, type), window, recallLimit);
            case "TicketReinstated" -> new Event.TicketReinstated(seq, at, need(ticket, type));
            case "TicketTransferred" -> new Event.TicketTransferred(seq, at, need(ticket, type), from, window);
            case "TicketCancelled" -> new Event.TicketCancelled(seq, at, need(ticket, type));
            case "TicketPinned" -> new Event.TicketPinned(seq, at, need(ticket, type), reason);
            case "TrackLinkReplaced" -> new Event.TrackLinkReplaced(seq, at, need(ticket, type));
            case "WindowOpened" -> new Event.WindowOpened(seq, at, window, staff);
            case "WindowPaused" -> new Event.WindowPaused(seq, at, window);
            case "WindowResumed" -> new Event.WindowResumed(seq, at, window);
            case "WindowClosed" -> new Event.WindowClosed(seq, at, window);
            case "DayClosed" -> new Event.DayClosed(seq, at, day, expired);
            case "AppointmentBooked" -> new Event.AppointmentBooked(seq, at, need(booking, type));
            case "AppointmentCancelled" -> new Event.AppointmentCancelled(seq, at, need(booking, type));
            case "AppointmentsMissed" -> new Event.AppointmentsMissed(seq, at, need(ids, type));
            case "BookingBlockLifted" -> new Event.BookingBlockLifted(seq, at, need(personKey, type),
                    need(day, type), reason);
            default -> throw new IOException("unknown event type " + type);
        };
        return e;
    }

    private Ticket readTicket(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        long id = 0;
        int serial = 0;
        String origin = null;
        String category = null;
        Priority priority = null;
        Channel channel = null;
        long issuedAt = 0;
        long queueTime = 0;
        long order = 0;
        long firstCalled = 0;
        boolean pinned = false;
        String personKey = null;
        String appointment = null;
        String track = null;
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "i" -> id = p.getLongValue();
                case "n" -> serial = p.getIntValue();
                case "o" -> origin = p.getText();
                case "c" -> category = p.getText();
                case "p" -> priority = enumValue(Priority.class, p.getText());
                case "h" -> channel = enumValue(Channel.class, p.getText());
                case "is" -> issuedAt = p.getLongValue();
                case "q" -> queueTime = p.getLongValue();
                case "r" -> order = p.getLongValue();
                case "fc" -> firstCalled = p.getLongValue();
                case "pn" -> pinned = p.getBooleanValue();
                case "pk" -> personKey = text(p, v);
                case "ap" -> appointment = text(p, v);
                case "tk" -> track = text(p, v);
                default -> p.skipChildren();
            }
        }
        expect(p, tok, JsonToken.END_OBJECT);
        Category originCategory = hall.category(origin);
        if (originCategory == null) {
            throw new IOException("ticket " + id + " names category " + origin + ", unknown to hall " + hall.id());
        }
        int index = hall.categoryIndex(category);
        if (index < 0) {
            throw new IOException("ticket " + id + " waits in category " + category + ", unknown to hall "
                    + hall.id());
        }
        if (priority == null || channel == null) {
            throw new IOException("ticket " + id + " lacks its priority or channel");
        }
        return new Ticket(id, serial, originCategory, category, index, priority, channel, issuedAt, queueTime, order,
                firstCalled, pinned, personKey, appointment, track);
    }

    private static Staff readStaff(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        String id = null;
        String name = null;
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "i" -> id = text(p, v);
                case "n" -> name = text(p, v);
                default -> p.skipChildren();
            }
        }
        expect(p, tok, JsonToken.END_OBJECT);
        if (id == null || name == null) {
            throw new IOException("a staff member needs an id and a name");
        }
        return new Staff(id, name);
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static <T> T need(T t, String type) throws IOException {
        if (t == null) {
            throw new IOException(type + " lacks a field it needs");
        }
        return t;
    }

    private static List<Long> readIds(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        List<Long> ids = new ArrayList<>();
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
            ids.add(p.getLongValue());
        }
        expect(p, tok, JsonToken.END_ARRAY);
        return ids;
    }

    private Booking readBooking(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        long id = 0;
        String code = null;
        String category = null;
        LocalDate date = null;
        long start = 0;
        long end = 0;
        String personKey = null;
        String phone = null;
        String secretHash = null;
        long bookedAt = 0;
        BookingState state = null;
        long changedAt = 0;
        long ticket = 0;
        boolean late = false;
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "i" -> id = p.getLongValue();
                case "cd" -> code = text(p, v);
                case "c" -> category = text(p, v);
                case "d" -> date = date(p.getText());
                case "st" -> start = p.getLongValue();
                case "en" -> end = p.getLongValue();
                case "pk" -> personKey = text(p, v);
                case "ph" -> phone = text(p, v);
                case "sh" -> secretHash = text(p, v);
                case "ba" -> bookedAt = p.getLongValue();
                case "s" -> state = enumValue(BookingState.class, p.getText());
                case "ch" -> changedAt = p.getLongValue();
                case "tk" -> ticket = p.getLongValue();
                case "lt" -> late = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        expect(p, tok, JsonToken.END_OBJECT);
        if (code == null || category == null || date == null || personKey == null || phone == null
                || secretHash == null || state == null) {
            throw new IOException("booking " + id + " lacks a field it needs");
        }
        if (hall.categoryIndex(category) < 0) {
            throw new IOException("booking " + id + " names category " + category + ", unknown to hall " + hall.id());
        }
        return new Booking(id, code, category, date, start, end, personKey, phone, secretHash, bookedAt, state,
                changedAt, ticket, late);
    }

    private static LocalDate date(String s) throws IOException {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IOException("bad day " + s, e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " " + name, e);
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual + " at "
                    + p.currentLocation().getByteOffset());
        }
    }
}
