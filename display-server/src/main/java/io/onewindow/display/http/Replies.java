package io.onewindow.display.http;

import io.onewindow.core.Event;
import io.onewindow.core.Outcome;
import io.onewindow.core.Refusal;
import io.onewindow.core.Ticket;
import io.onewindow.core.TicketState;
import io.onewindow.core.TicketView;
import io.onewindow.core.metrics.WaitEstimate;
import io.onewindow.display.hall.CommandPipeline;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.json.HallJson;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What every handler answers the same way: the hall of the path, a command's durable answer, a ticket, a JSON
 * body. Immutable (static).
 */
final class Replies {

    private Replies() {
    }

    /** The hall of the path, ready for requests ({@link Halls#serving}). */
    static LiveHall hall(RoutingContext ctx, Halls halls) {
        return halls.serving(ctx.pathParam("hall"));
    }

    /**
     * Answers a body read from the hall's current state once that state is durable: the state's sequence is
     * read after the body (so it covers what the body shows), and the answer waits until the journal has it. A
     * journal that fails first makes it 503 JOURNAL_UNAVAILABLE. Never blocks the loop.
     */
    static void durableJson(RoutingContext ctx, LiveHall hall, int status, Object body) {
        afterDurable(ctx, hall, hall.dispatcher().snapshot().seq(), () -> json(ctx, status, body));
    }

    /** Runs {@code answer} on the request's context once every event up to {@code seq} is durable. */
    static void afterDurable(RoutingContext ctx, LiveHall hall, long seq, Runnable answer) {
        var durable = hall.whenDurable(seq);
        if (durable.isDone() && !durable.isCompletedExceptionally()) {
            answer.run();
            return;
        }
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        durable.whenComplete((v, err) -> context.runOnContext(x -> {
            if (err != null) {
                ctx.fail(err instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : err);
            } else {
                answer.run();
            }
        }));
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
    }

    /**
     * Runs the command through the hall's {@link CommandPipeline}; once its event is durable, hands it to
     * {@code onEvent} on the request's context. A refusal is answered by the one refusal mapping
     * ({@link RefusalStatus}): 204 without a body for NOBODY_WAITING, else the error JSON; a hall that cannot
     * take it by the failure handler.
     */
    static void durably(RoutingContext ctx, LiveHall hall, Supplier<Outcome> command,
                        BiConsumer<RoutingContext, Event> onEvent) {
        CommandPipeline.run(hall, command, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Outcome o = ar.result();
            if (o instanceof Refusal r) {
                // decided against a state that may not be durable yet: answer once it is
                afterDurable(ctx, hall, hall.dispatcher().snapshot().seq(), () -> {
                    int status = RefusalStatus.of(r.code());
                    if (status == 204) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(RefusalStatus.toException(r));
                    }
                });
                return;
            }
            try {
                onEvent.accept(ctx, (Event) o);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** A ticket as it stands now, with its estimate while it waits. */
    static JsonObject ticket(LiveHall hall, TicketView v) {
        WaitEstimate estimate = null;
        if (v.state() == TicketState.WAITING) {
            estimate = hall.metrics().estimatedWait(hall.dispatcher().snapshot(), v, System.currentTimeMillis());
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
