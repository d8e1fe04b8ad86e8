package io.onewindow.display.json;

import io.onewindow.core.AppointmentRules;
import io.onewindow.core.Booking;
import io.onewindow.core.BookingState;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Slot;
import io.onewindow.core.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appointments as the API and the pages see them. Immutable (static). Never an ID number or a person key; the
 * phone masked (138****5678); the holder's link only in the answer to the booking itself.
 */
public final class AppointmentJson {

    private AppointmentJson() {
    }

    /** {@code [{"start","end","capacity","left","bookable"}]}, the hall's local times with their offset. */
    public static JsonArray slots(List<Slot> slots) {
        JsonArray out = new JsonArray();
        for (Slot s : slots) {
            out.add(new JsonObject().put("start", offset(s.start().toOffsetDateTime()))
                    .put("end", offset(s.end().toOffsetDateTime())).put("capacity", s.capacity())
                    .put("left", s.left()).put("bookable", s.bookable()));
        }
        return out;
    }

    /**
     * A booking: {@code {"id","code","hall","category","categoryName","start","end","checkInFrom","checkInUntil",
     * "lateUntil","state","late","phone","ticket"}}; {@code ticket} is the ticket it was checked in with
     * ({@code {"id","number","state"}}) or null.
     */
    public static JsonObject booking(Booking b, HallDefinition hall, TicketView ticket) {
        AppointmentRules rules = hall.appointments();
        long early = rules == null ? 0 : rules.checkInEarlyMinutes() * 60_000L;
        long late = rules == null ? 0 : rules.checkInLateMinutes() * 60_000L;
        JsonObject t = null;
        if (ticket != null) {
            // the ticket's phone link was given once, at check-in: the hall keeps only its digest
            t = new JsonObject().put("id", ticket.ticket().id()).put("number", ticket.ticket().number())
                    .put("state", ticket.state().name());
        }
        return new JsonObject().put("id", b.id()).put("code", b.code()).put("hall", hall.id())
                .put("category", b.category()).put("categoryName", hall.category(b.category()).name())
                .put("date", b.date().toString())
                .put("start", HallJson.time(b.startMillis(), hall.zone()))
                .put("end", HallJson.time(b.endMillis(), hall.zone()))
                .put("checkInFrom", HallJson.time(b.startMillis() - early, hall.zone()))
                .put("checkInUntil", HallJson.time(b.startMillis() + late, hall.zone()))
                .put("lateUntil", HallJson.time(Math.max(b.startMillis() + late, b.endMillis()), hall.zone()))
                .put("state", b.state().name()).put("late", b.late()).put("phone", b.maskedPhone())
                .put("ticket", t);
    }

    /**
     * The day's list for guides and managers: {@code {"date","bookings":[booking...],"slots":[{"category",
     * "start","capacity","booked","checkedIn","late","noShow","cancelled"}]}}, slots in time then category
     * order, only those with a booking.
     */
    public static JsonObject day(LocalDate date, List<Booking> bookings, HallDefinition hall) {
        JsonArray list = new JsonArray();
        Map<String, int[]> perSlot = new TreeMap<>();
        Map<String, Booking> firstOf = new TreeMap<>();
        for (Booking b : bookings) {
            list.add(booking(b, hall, null));
            String key = HallJson.time(b.startMillis(), hall.zone()) + " " + b.category();
            int[] n = perSlot.computeIfAbsent(key, k -> new int[5]);
            firstOf.putIfAbsent(key, b);
            n[b.state().ordinal()]++;
            if (b.late()) {
                n[4]++;
            }
        }
        JsonArray slots = new JsonArray();
        for (var e : perSlot.entrySet()) {
            Booking b = firstOf.get(e.getKey());
            int[] n = e.getValue();
            AppointmentRules rules = hall.appointments();
            slots.add(new JsonObject().put("category", b.category())
                    .put("start", HallJson.time(b.startMillis(), hall.zone()))
                    .put("capacity", rules == null ? 0 : rules.capacity(b.category()))
                    .put("booked", n[BookingState.BOOKED.ordinal()])
                    .put("checkedIn", n[BookingState.CHECKED_IN.ordinal()]).put("late", n[4])
                    .put("noShow", n[BookingState.NO_SHOW.ordinal()])
                    .put("cancelled", n[BookingState.CANCELLED.ordinal()]));
        }
        return new JsonObject().put("date", date.toString()).put("bookings", list).put("slots", slots);
    }

    private static String offset(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
}
