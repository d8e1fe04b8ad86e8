package io.onewindow.display.http;

import io.onewindow.core.Event;
import io.onewindow.core.Outcome;
import io.onewindow.core.Refusal;
import io.onewindow.core.Ticket;
import io.onewindow.core.TicketState;
import io.onewindow.core.TicketView;
import io.onewindow.display.Halls;
import io.onewindow.display.LiveHall;
import io.onewindow.display.json.HallJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every handler does the same way: find the hall, run a command and answer once its event is durable,
 * write a ticket. Immutable (static).
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /** The hall of the path, ready for commands: 404 {@code UNKNOWN_HALL}, or 503 {@code NOT_READY}. */
    static LiveHall hall(RoutingContext ctx, Halls halls) {
        String id = ctx.pathParam("hall");
        LiveHall h = halls.hall(id);
        if (h == null) {
            throw ApiException.notFound("UNKNOWN_HALL", "this server runs no hall \"" + ErrorHandler.clip(id) + "\"");
        }
        if (!h.ready()) {
            throw new ApiException(503, "NOT_READY", "hall " + id + " is recovering its journal");
        }
        return h;
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
    }

    /**
     * Runs the command; once its event is durable, hands it to {@code onEvent} on the request's context. A
     * refusal is answered by the one refusal mapping ({@link RefusalStatus}): 204 without a body for
     * NOBODY_WAITING, else the error JSON. A journal failure is a 503.
     */
    static void command(RoutingContext ctx, LiveHall hall, Supplier<Outcome> command,
                        BiConsumer<RoutingContext, Event> onEvent) {
        if (hall.readOnly()) {
            ctx.fail(new ApiException(503, "READ_ONLY", "this instance follows hall " + hall.hall().id()
                    + " read-only: send commands to its owner"));
            return;
        }
        if (hall.overloaded()) {
            ctx.response().putHeader("Retry-After", "1");
            ctx.fail(new ApiException(429, "TOO_MANY_REQUESTS", "hall " + hall.hall().id()
                    + " has too many commands waiting for its journal; try again in a moment"));
            return;
        }
        Future.fromCompletionStage(hall.submit(command), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("hall {}: an event is not durable", hall.hall().id(), ar.cause());
                ctx.fail(new ApiException(503, "JOURNAL_UNAVAILABLE",
                        "the change could not be made durable; try again later"));
                return;
            }
            Outcome o = ar.result();
            if (o instanceof Refusal r) {
                int status = RefusalStatus.of(r.code());
                if (status == 204) {
                    ctx.response().setStatusCode(204).end();
                } else {
                    ctx.fail(RefusalStatus.toException(r));
                }
                return;
            }
            LOG.debug("hall {}: {} seq {} durable", hall.hall().id(), ((Event) o).type(), ((Event) o).seq());
            try {
                onEvent.accept(ctx, (Event) o);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** A ticket as it stands now, with its estimate while it waits. */
    static JsonObject ticket(LiveHall hall, TicketView v) {
        Long estimate = null;
        if (v.state() == TicketState.WAITING) {
            estimate = hall.metrics().estimatedWaitSeconds(hall.dispatcher().snapshot(), v, System.currentTimeMillis());
        }
        return HallJson.ticket(v, hall.hall(), estimate);
    }

    /** The ticket an event is about, as it stands now (or as the event left it, if it is gone since). */
    static JsonObject ticketAfter(LiveHall hall, Event e, Ticket t) {
        TicketView v = hall.dispatcher().ticket(t.id());
        if (v == null) {
            TicketState state = e instanceof Event.ServiceCompleted ? TicketState.COMPLETED
                    : e instanceof Event.TicketCancelled ? TicketState.CANCELLED
                    : e instanceof Event.TicketNoShow ? TicketState.NO_SHOW : TicketState.EXPIRED;
            v = new TicketView(t, state, null, 0, 0, 0, e.atMillis(), 0);
        }
        return ticket(hall, v);
    }
}
