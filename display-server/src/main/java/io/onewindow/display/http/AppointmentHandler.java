package io.onewindow.display.http;

import io.onewindow.core.AppointmentRules;
import io.onewindow.core.Booking;
import io.onewindow.core.BookingRequest;
import io.onewindow.core.Channel;
import io.onewindow.core.CheckInRequest;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Slot;
import io.onewindow.core.TicketView;
import io.onewindow.display.access.AccessToken;
import io.onewindow.display.access.AddressLimit;
import io.onewindow.display.access.AppointmentLinks;
import io.onewindow.display.access.PhoneLinks;
import io.onewindow.display.access.Role;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.json.AppointmentJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Appointments (网上预约): slots, booking, the holder's link, check-in, the day's list, lifting a block.
 * Stateless but for the shared per-address limit on booking; each method handles one route. Reads answer once
 * the state they show is durable, as every read of the hall does.
 */
final class AppointmentHandler {

    private static final Set<String> BOOK_FIELDS = Set.of("category", "start", "idNumber", "phone");
    private static final Set<String> CHECK_IN_FIELDS = Set.of("code", "idNumber");
    private static final Set<String> LIFT_FIELDS = Set.of("idNumber", "reason");

    private final Halls halls;
    private final Access access;
    private final AddressLimit bookingLimit;

    AppointmentHandler(Halls halls, Access access, AddressLimit bookingLimit) {
        this.halls = halls;
        this.access = access;
        this.bookingLimit = bookingLimit;
    }

    /** GET /api/v1/halls/{hall}/appointments/slots?category=A&amp;date=YYYY-MM-DD (anyone). */
    void slots(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        String category = category(ctx, hall.hall());
        LocalDate date = date(ctx);
        Replies.durableJson(ctx, hall, 200, AppointmentJson.slots(hall.dispatcher().slots(category, date)));
    }

    /**
     * GET /api/v1/halls/{hall}/appointments/days?category=A (anyone): the dates from today to daysAhead with
     * their bookable places, {@code [{"date","open","left"}]} (extension, for the booking page).
     */
    void days(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        String category = category(ctx, hall.hall());
        AppointmentRules rules = hall.hall().appointments();
        JsonArray out = new JsonArray();
        if (rules != null) {
            LocalDate today = LocalDate.now(hall.hall().zone());
            for (int i = 0; i <= rules.daysAhead(); i++) {
                LocalDate d = today.plusDays(i);
                List<Slot> slots = hall.dispatcher().slots(category, d);
                int left = slots.stream().mapToInt(Slot::left).sum();
                out.add(new JsonObject().put("date", d.toString()).put("open", !slots.isEmpty()).put("left", left));
            }
        }
        Replies.durableJson(ctx, hall, 200, out);
    }

    /** POST /api/v1/halls/{hall}/appointments (anyone, limited per address) -> 201 the booking and its link. */
    void book(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        if (!bookingLimit.tryAcquire(ctx.request().remoteAddress() == null ? null
                : ctx.request().remoteAddress().hostAddress(), System.currentTimeMillis())) {
            ctx.response().putHeader("Retry-After", "60");
            throw new ApiException(429, "TOO_MANY_REQUESTS", "at most " + bookingLimit.perMinute()
                    + " booking requests a minute from one address");
        }
        JsonObject body = Bodies.object(ctx, BOOK_FIELDS, true);
        String category = Bodies.string(body, "category", true, 32);
        LocalDateTime start = localTime(Bodies.string(body, "start", true, 40), hall.hall());
        String idNumber = Bodies.string(body, "idNumber", true, 18);
        String phone = Bodies.string(body, "phone", true, 20);
        String secret = AppointmentLinks.newSecret();
        BookingRequest request = new BookingRequest(category, start, idNumber, phone, AppointmentLinks.hash(secret));
        Replies.durably(ctx, hall, () -> hall.dispatcher().book(request), (c, e) -> {
            Booking b = ((Event.AppointmentBooked) e).booking();
            String manage = "/a/" + AppointmentLinks.token(b.id(), secret);
            c.response().putHeader("Location", "/api/v1/appointments/" + AppointmentLinks.token(b.id(), secret));
            Replies.json(c, 201, AppointmentJson.booking(b, hall.hall(), null).put("manageUrl", manage));
        });
    }

    /** GET /api/v1/appointments/{token} (the holder): the booking, and its ticket once checked in. */
    void get(RoutingContext ctx) {
        Held held = held(ctx);
        TicketView ticket = held.booking.ticketId() == 0 ? null
                : held.hall.dispatcher().ticket(held.booking.ticketId());
        Replies.durableJson(ctx, held.hall, 200, AppointmentJson.booking(held.booking, held.hall.hall(), ticket));
    }

    /** DELETE /api/v1/appointments/{token} (the holder): cancel, until cancelUntilMinutes before the start. */
    void cancel(RoutingContext ctx) {
        Held held = held(ctx);
        LiveHall hall = held.hall;
        Replies.durably(ctx, hall, () -> hall.dispatcher().cancelBooking(held.booking.id()), (c, e) ->
                Replies.json(c, 200, AppointmentJson.booking(((Event.AppointmentCancelled) e).booking(),
                        hall.hall(), null)));
    }

    /** POST /api/v1/halls/{hall}/appointments/check-in {"code"} or {"idNumber"} (kiosk, guide) -> 201 ticket. */
    void checkIn(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        AccessToken who = access.require(ctx, hall.hall().id(), Access.ISSUERS);
        JsonObject body = Bodies.object(ctx, CHECK_IN_FIELDS, true);
        String code = Bodies.string(body, "code", false, 6);
        String idNumber = Bodies.string(body, "idNumber", false, 18);
        if ((code == null) == (idNumber == null)) {
            throw ApiException.badRequest("MISSING_FIELD", "give either \"code\" or \"idNumber\"");
        }
        if (code != null && !code.matches("[0-9]{6}")) {
            throw ApiException.badRequest("BAD_FIELD", "\"code\" must be the booking's 6 digits");
        }
        PhoneLinks.Link link = PhoneLinks.create(); // the token leaves only in this answer; the hall keeps its digest
        CheckInRequest request = new CheckInRequest(code, idNumber,
                who.role() == Role.GUIDE ? Channel.GUIDE : Channel.KIOSK, link.digest());
        Replies.durably(ctx, hall, () -> hall.dispatcher().checkIn(request), (c, e) -> {
            Event.TicketIssued issued = (Event.TicketIssued) e;
            c.response().putHeader("Location", "/api/v1/halls/" + hall.hall().id() + "/tickets/"
                    + issued.ticket().id());
            Replies.json(c, 201, Replies.ticketAfter(hall, e, issued.ticket()).put("trackUrl", link.url()));
        });
    }

    /** GET /api/v1/halls/{hall}/appointments?date= (guide, manager): the day's bookings and their slots. */
    void day(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Set.of(Role.GUIDE, Role.MANAGER, Role.ADMIN));
        String d = ctx.request().getParam("date");
        LocalDate date = d == null ? LocalDate.now(hall.hall().zone()) : date(ctx);
        Replies.durableJson(ctx, hall, 200, AppointmentJson.day(date, hall.dispatcher().bookings().on(date),
                hall.hall()));
    }

    /** POST /api/v1/halls/{hall}/appointments/lift-block {"idNumber","reason"} (manager) (extension). */
    void liftBlock(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Access.MANAGERS);
        JsonObject body = Bodies.object(ctx, LIFT_FIELDS, true);
        String idNumber = Bodies.string(body, "idNumber", true, 18);
        String reason = Bodies.string(body, "reason", true, 200);
        Replies.durably(ctx, hall, () -> hall.dispatcher().liftBookingBlock(idNumber, reason), (c, e) ->
                Replies.json(c, 200, new JsonObject().put("liftedThrough",
                        ((Event.BookingBlockLifted) e).through().toString()).put("seq", e.seq())));
    }

    // ------------------------------------------------------------------ helpers

    private record Held(LiveHall hall, Booking booking) {
    }

    /** The booking the path's token opens, in whichever hall holds it; 404 for any token that opens none. */
    private Held held(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        long id = AppointmentLinks.idOf(token);
        if (id > 0) {
            for (LiveHall h : halls.live()) {
                Booking b = h.dispatcher().bookings().byId(id);
                if (AppointmentLinks.opens(token, b)) {
                    return new Held(halls.serving(h.hall().id()), b);
                }
            }
        }
        throw ApiException.notFound("NOT_FOUND", "no booking opens with this link");
    }

    private static String category(RoutingContext ctx, HallDefinition hall) {
        String c = ctx.request().getParam("category");
        if (c == null || c.isBlank()) {
            throw ApiException.badRequest("MISSING_FIELD", "\"category\" is required");
        }
        if (hall.category(c) == null) {
            throw ApiException.notFound("UNKNOWN_CATEGORY", "the hall has no category \"" + (c.length() > 32 ? c.substring(0, 32) + "…" : c).replaceAll("\\p{Cntrl}", "?") + "\"");
        }
        return c;
    }

    private static LocalDate date(RoutingContext ctx) {
        String d = ctx.request().getParam("date");
        if (d == null) {
            throw ApiException.badRequest("MISSING_FIELD", "\"date\" is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("BAD_FIELD", "\"date\" must be YYYY-MM-DD");
        }
    }

    /** A slot's start as the hall's local time: "2026-11-24T10:00" as it is, one with an offset converted. */
    private static LocalDateTime localTime(String s, HallDefinition hall) {
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).atZoneSameInstant(hall.zone()).toLocalDateTime();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("BAD_FIELD", "\"start\" must be a local date and time such as"
                        + " 2026-11-24T10:00, or one with its offset");
            }
        }
    }
}
