package io.onewindow.display.http;

import io.onewindow.core.Channel;
import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.Priority;
import io.onewindow.core.TicketView;
import io.onewindow.display.access.AccessToken;
import io.onewindow.display.access.PhoneLinks;
import io.onewindow.display.access.Role;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** Tickets: issue, read, cancel, reinstate, pin. Stateless; each method handles one route. */
final class TicketHandler {

    private static final Set<String> ISSUE_FIELDS = Set.of("category", "priority", "channel", "idNumber",
            "appointmentId");
    private static final Set<String> PIN_FIELDS = Set.of("reason");

    private final Halls halls;
    private final Access access;

    TicketHandler(Halls halls, Access access) {
        this.halls = halls;
        this.access = access;
    }

    /** POST /api/v1/halls/{hall}/tickets (kiosk, guide) -> 201 ticket. */
    void issue(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        AccessToken who = access.require(ctx, hall.hall().id(), Access.ISSUERS);
        JsonObject body = Bodies.object(ctx, ISSUE_FIELDS, true);
        String category = Bodies.string(body, "category", true, 32);
        Priority priority = Bodies.enumOf(body, "priority", Priority.class);
        Channel channel = Bodies.enumOf(body, "channel", Channel.class);
        String idNumber = Bodies.string(body, "idNumber", false, 18);
        String appointmentId = Bodies.string(body, "appointmentId", false, 64);
        if (priority == Priority.GREEN && who.role() != Role.GUIDE) {
            throw new ApiException(403, "FORBIDDEN", "only a guide issues green-channel tickets; a kiosk gives one"
                    + " to a citizen of 60 or more from the ID number");
        }
        if (channel == Channel.GUIDE && who.role() != Role.GUIDE) {
            throw new ApiException(403, "FORBIDDEN", "only a guide issues on the GUIDE channel");
        }
        if (priority == Priority.APPOINTMENT && appointmentId == null) {
            throw ApiException.badRequest("MISSING_FIELD", "\"appointmentId\" is required for an APPOINTMENT ticket");
        }
        if (channel == null) {
            channel = who.role() == Role.GUIDE ? Channel.GUIDE : Channel.KIOSK;
        }
        PhoneLinks.Link link = PhoneLinks.create(); // the token leaves only in this answer; the hall keeps its digest
        IssueRequest request = new IssueRequest(category, priority, channel, idNumber, appointmentId, link.digest());
        Replies.durably(ctx, hall, () -> hall.dispatcher().issue(request), (c, e) -> {
            Event.TicketIssued issued = (Event.TicketIssued) e;
            c.response().putHeader("Location", "/api/v1/halls/" + hall.hall().id() + "/tickets/"
                    + issued.ticket().id());
            Replies.durableJson(c, hall, 201, Replies.ticketAfter(hall, e, issued.ticket()).put("trackUrl",
                    link.url()));
        });
    }

    /** GET /api/v1/halls/{hall}/tickets/{id} (kiosk, guide, manager; or the ticket's phone link). */
    void get(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        long id = Bodies.ticketId(ctx.pathParam("id"));
        TicketView v = hall.dispatcher().ticket(id);
        authorize(ctx, hall, v, Access.TICKET_READERS);
        if (v == null) {
            throw unknownTicket(id);
        }
        Replies.durableJson(ctx, hall, 200, Replies.ticket(hall, v));
    }

    /** DELETE /api/v1/halls/{hall}/tickets/{id} (guide; or the ticket's phone link) -> 200 the cancelled ticket. */
    void cancel(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        long id = Bodies.ticketId(ctx.pathParam("id"));
        authorize(ctx, hall, hall.dispatcher().ticket(id), Access.GUIDES);
        Replies.durably(ctx, hall, () -> hall.dispatcher().cancel(id),
                (c, e) -> Replies.durableJson(c, hall, 200,
                        Replies.ticketAfter(hall, e, ((Event.TicketCancelled) e).ticket())));
    }

    /** POST /api/v1/halls/{hall}/tickets/{id}/reinstate (guide): 过号重排. */
    void reinstate(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Access.GUIDES);
        long id = Bodies.ticketId(ctx.pathParam("id"));
        Bodies.object(ctx, Set.of(), false);
        Replies.durably(ctx, hall, () -> hall.dispatcher().reinstate(id), (c, e) ->
                Replies.durableJson(c, hall, 200,
                        Replies.ticketAfter(hall, e, ((Event.TicketReinstated) e).ticket())));
    }

    /**
     * POST /api/v1/halls/{hall}/tickets/{id}/link (guide): a new phone link for a waiting ticket whose citizen lost
     * it; the old link stops working. 200 the ticket with its new {@code trackUrl} (given here only).
     */
    void newLink(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Access.GUIDES);
        long id = Bodies.ticketId(ctx.pathParam("id"));
        Bodies.object(ctx, Set.of(), false);
        PhoneLinks.Link link = PhoneLinks.create();
        Replies.durably(ctx, hall, () -> hall.dispatcher().replaceTrackLink(id, link.digest()), (c, e) ->
                Replies.durableJson(c, hall, 200, Replies.ticketAfter(hall, e,
                        ((Event.TrackLinkReplaced) e).ticket()).put("trackUrl", link.url())));
    }

    /** POST /api/v1/halls/{hall}/tickets/{id}/pin {"reason"} (manager): to the top of its category. */
    void pin(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Access.MANAGERS);
        long id = Bodies.ticketId(ctx.pathParam("id"));
        String reason = Bodies.string(Bodies.object(ctx, PIN_FIELDS, true), "reason", true, 200);
        Replies.durably(ctx, hall, () -> hall.dispatcher().pin(id, reason), (c, e) ->
                Replies.durableJson(c, hall, 200,
                        Replies.ticketAfter(hall, e, ((Event.TicketPinned) e).ticket())));
    }

    /**
     * Lets the request through if its role token has one of the roles, or if it carries the ticket's own phone
     * link token (as {@code ?token=} or Bearer), compared in constant time.
     */
    private void authorize(RoutingContext ctx, LiveHall hall, TicketView v, Set<Role> roles) {
        AccessToken t = access.authenticate(ctx);
        if (t != null) {
            access.require(ctx, hall.hall().id(), roles);
            return;
        }
        String presented = ctx.request().getParam("token");
        if (presented == null) {
            presented = Access.bearer(ctx);
        }
        if (v == null || !PhoneLinks.matches(presented, v.ticket().trackToken())) {
            throw Access.unauthorized();
        }
    }

    private static ApiException unknownTicket(long id) {
        return ApiException.notFound("UNKNOWN_TICKET", "no ticket with id " + id);
    }
}
