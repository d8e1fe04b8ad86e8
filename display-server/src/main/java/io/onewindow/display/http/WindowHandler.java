package io.onewindow.display.http;

import io.onewindow.core.Event;
import io.onewindow.core.Outcome;
import io.onewindow.core.Staff;
import io.onewindow.core.Ticket;
import io.onewindow.core.WindowView;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.json.HallJson;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Function;

/**
 * The window's commands, each for the window token of that window only. The ticket commands answer the ticket
 * (call-next answers 204 when nobody waits); the window commands answer the window.
 */
final class WindowHandler {

    private static final Set<String> TRANSFER_FIELDS = Set.of("category");
    private static final Set<String> OPEN_FIELDS = Set.of("staff");
    private static final Set<String> STAFF_FIELDS = Set.of("id", "name");

    private final Halls halls;
    private final Access access;

    WindowHandler(Halls halls, Access access) {
        this.halls = halls;
        this.access = access;
    }

    void callNext(RoutingContext ctx) {
        ticketCommand(ctx, w -> hall(ctx).dispatcher().callNext(w));
    }

    void recall(RoutingContext ctx) {
        ticketCommand(ctx, w -> hall(ctx).dispatcher().recall(w));
    }

    void start(RoutingContext ctx) {
        ticketCommand(ctx, w -> hall(ctx).dispatcher().start(w));
    }

    void complete(RoutingContext ctx) {
        ticketCommand(ctx, w -> hall(ctx).dispatcher().complete(w));
    }

    void noShow(RoutingContext ctx) {
        ticketCommand(ctx, w -> hall(ctx).dispatcher().noShow(w));
    }

    /** Body {"category":"B"}. */
    void transfer(RoutingContext ctx) {
        LiveHall hall = authorized(ctx);
        String w = ctx.pathParam("w");
        String category = Bodies.string(Bodies.object(ctx, TRANSFER_FIELDS, true), "category", true, 32);
        Replies.durably(ctx, hall, () -> hall.dispatcher().transfer(w, category), this::replyTicket);
    }

    /** Body {"staff":{"id":"0571","name":"王营定"}}: staff signs in and opens the window. */
    void open(RoutingContext ctx) {
        LiveHall hall = authorized(ctx);
        String w = ctx.pathParam("w");
        JsonObject staff = Bodies.object(Bodies.object(ctx, OPEN_FIELDS, true), "staff", STAFF_FIELDS, true);
        Staff s = new Staff(Bodies.string(staff, "id", true, 32), Bodies.string(staff, "name", true, 32));
        Replies.durably(ctx, hall, () -> hall.dispatcher().openWindow(w, s), this::replyWindow);
    }

    void pause(RoutingContext ctx) {
        windowCommand(ctx, w -> hall(ctx).dispatcher().pauseWindow(w));
    }

    void resume(RoutingContext ctx) {
        windowCommand(ctx, w -> hall(ctx).dispatcher().resumeWindow(w));
    }

    void close(RoutingContext ctx) {
        windowCommand(ctx, w -> hall(ctx).dispatcher().closeWindow(w));
    }

    private void ticketCommand(RoutingContext ctx, Function<String, Outcome> command) {
        LiveHall hall = authorized(ctx);
        Bodies.object(ctx, Set.of(), false);
        String w = ctx.pathParam("w");
        Replies.durably(ctx, hall, () -> command.apply(w), this::replyTicket);
    }

    private void windowCommand(RoutingContext ctx, Function<String, Outcome> command) {
        LiveHall hall = authorized(ctx);
        Bodies.object(ctx, Set.of(), false);
        String w = ctx.pathParam("w");
        Replies.durably(ctx, hall, () -> command.apply(w), this::replyWindow);
    }

    private LiveHall authorized(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.requireWindow(ctx, hall.hall().id(), ctx.pathParam("w"));
        return hall;
    }

    private LiveHall hall(RoutingContext ctx) {
        return halls.hall(ctx.pathParam("hall"));
    }

    private void replyTicket(RoutingContext ctx, Event e) {
        LiveHall hall = hall(ctx);
        Ticket t;
        if (e instanceof Event.TicketCalled c) {
            t = c.ticket();
        } else if (e instanceof Event.TicketRecalled r) {
            t = r.ticket();
        } else if (e instanceof Event.ServiceStarted s) {
            t = s.ticket();
        } else if (e instanceof Event.ServiceCompleted d) {
            t = d.ticket();
        } else if (e instanceof Event.TicketNoShow n) {
            t = n.ticket();
        } else if (e instanceof Event.TicketTransferred tr) {
            t = tr.ticket();
        } else {
            throw new IllegalStateException("not a ticket event of a window: " + e.type());
        }
        Replies.durableJson(ctx, hall, 200, Replies.ticketAfter(hall, e, t));
    }

    private void replyWindow(RoutingContext ctx, Event e) {
        LiveHall hall = hall(ctx);
        WindowView w = hall.dispatcher().snapshot().window(ctx.pathParam("w"));
        Replies.durableJson(ctx, hall, 200, window(w));
    }

    /** A window as its own terminal sees it: {"id","name","state","staff","number","ticketState"}. */
    static JsonObject window(WindowView w) {
        return new JsonObject().put("id", w.definition().id()).put("name", w.definition().name())
                .put("state", w.state().name())
                .put("staff", w.staff() == null ? null : new JsonObject().put("id", w.staff().id())
                        .put("name", HallJson.maskName(w.staff().name())))
                .put("number", w.ticket() == null ? null : w.ticket().number())
                .put("ticketState", w.ticketState() == null ? null : w.ticketState().name());
    }
}
