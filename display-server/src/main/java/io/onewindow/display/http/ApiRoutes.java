package io.onewindow.display.http;

import io.onewindow.display.access.AddressLimit;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.ServerStats;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Consumer;

/**
 * The hall server's router, built in one place: every route of API.md's "Tickets and windows", the operations
 * routes, and one failure handler answering the error JSON.
 *
 * <pre>
 * GET    /api/v1/halls                                       anyone
 * POST   /api/v1/halls/{hall}/tickets                        kiosk, guide         201 ticket
 * GET    /api/v1/halls/{hall}/tickets/{id}                   kiosk, guide, manager, phone link
 * DELETE /api/v1/halls/{hall}/tickets/{id}                   guide, phone link    200 ticket (CANCELLED)
 * POST   /api/v1/halls/{hall}/tickets/{id}/reinstate         guide
 * POST   /api/v1/halls/{hall}/tickets/{id}/pin               manager              {"reason"}
 * POST   /api/v1/halls/{hall}/windows/{w}/{command}          window w             call-next recall start complete
 *                                                                                 no-show transfer open pause
 *                                                                                 resume close
 * GET    /api/v1/halls/{hall}/appointments/slots?category&date   anyone
 * GET    /api/v1/halls/{hall}/appointments/days?category     anyone               (extension: dates and places)
 * POST   /api/v1/halls/{hall}/appointments                   anyone, per address  201 booking and its link
 * GET    /api/v1/appointments/{token}                        the holder's link    the booking
 * DELETE /api/v1/appointments/{token}                        the holder's link    200 booking (CANCELLED)
 * POST   /api/v1/halls/{hall}/appointments/check-in          kiosk, guide         201 ticket (APPOINTMENT)
 * GET    /api/v1/halls/{hall}/appointments?date              guide, manager       the day's bookings per slot
 * POST   /api/v1/halls/{hall}/appointments/lift-block        manager              {"idNumber","reason"}
 * POST   /api/v1/halls/{hall}/close-day                      manager
 * GET    /api/v1/halls/{hall}/queue                          anyone
 * GET    /api/v1/halls/{hall}/metrics                        manager
 * GET    /metrics  /health/live  /health/ready               anyone
 * </pre>
 */
public final class ApiRoutes {

    /** The largest request body accepted; larger ones are answered 413. */
    public static final int BODY_LIMIT_BYTES = 4096;
    /** Booking requests accepted from one address in a minute; more are answered 429. */
    public static final int DEFAULT_BOOKINGS_PER_MINUTE = 60;

    private ApiRoutes() {
    }

    /**
     * The router; {@code streams} mounts the real-time routes (WebSocket, SSE) ahead of the body handler, whose
     * reading would spoil an upgrade.
     */
    public static Router router(Vertx vertx, Halls halls, Tokens tokens, ServerStats stats, Consumer<Router> streams) {
        return router(vertx, halls, tokens, stats, streams, new AddressLimit(DEFAULT_BOOKINGS_PER_MINUTE));
    }

    /** The router, with the per-address limit of booking requests shared by every event loop of the server. */
    public static Router router(Vertx vertx, Halls halls, Tokens tokens, ServerStats stats, Consumer<Router> streams,
                                AddressLimit bookingLimit) {
        Access access = new Access(tokens);
        AppointmentHandler appointments = new AppointmentHandler(halls, access, bookingLimit);
        TicketHandler tickets = new TicketHandler(halls, access);
        WindowHandler windows = new WindowHandler(halls, access);
        HallHandler hallHandler = new HallHandler(halls, access);
        OpsHandler ops = new OpsHandler(halls, stats);
        ErrorHandler errors = new ErrorHandler();

        Router r = Router.router(vertx);
        r.route().handler(ApiRoutes::checkPath);
        streams.accept(r);
        r.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));

        r.get("/api/v1/halls").handler(hallHandler::list);
        r.post("/api/v1/halls/:hall/tickets").handler(tickets::issue);
        r.get("/api/v1/halls/:hall/tickets/:id").handler(tickets::get);
        r.delete("/api/v1/halls/:hall/tickets/:id").handler(tickets::cancel);
        r.post("/api/v1/halls/:hall/tickets/:id/reinstate").handler(tickets::reinstate);
        r.post("/api/v1/halls/:hall/tickets/:id/pin").handler(tickets::pin);
        r.post("/api/v1/halls/:hall/tickets/:id/link").handler(tickets::newLink);

        String w = "/api/v1/halls/:hall/windows/:w/";
        r.post(w + "call-next").handler(windows::callNext);
        r.post(w + "recall").handler(windows::recall);
        r.post(w + "start").handler(windows::start);
        r.post(w + "complete").handler(windows::complete);
        r.post(w + "no-show").handler(windows::noShow);
        r.post(w + "transfer").handler(windows::transfer);
        r.post(w + "open").handler(windows::open);
        r.post(w + "pause").handler(windows::pause);
        r.post(w + "resume").handler(windows::resume);
        r.post(w + "close").handler(windows::close);

        String a = "/api/v1/halls/:hall/appointments";
        r.get(a + "/slots").handler(appointments::slots);
        r.get(a + "/days").handler(appointments::days);
        r.post(a).handler(appointments::book);
        r.get(a).handler(appointments::day);
        r.post(a + "/check-in").handler(appointments::checkIn);
        r.post(a + "/lift-block").handler(appointments::liftBlock);
        r.get("/api/v1/appointments/:token").handler(appointments::get);
        r.delete("/api/v1/appointments/:token").handler(appointments::cancel);

        r.post("/api/v1/halls/:hall/close-day").handler(hallHandler::closeDay);
        r.get("/api/v1/halls/:hall/queue").handler(hallHandler::queue);
        r.get("/api/v1/halls/:hall/metrics").handler(hallHandler::metrics);

        r.get("/metrics").handler(ops::prometheus);
        r.get("/health/live").handler(ops::live);
        r.get("/health/ready").handler(ops::ready);

        r.route().failureHandler(errors);
        r.errorHandler(400, errors);
        r.errorHandler(404, errors);
        r.errorHandler(405, errors);
        r.errorHandler(500, errors);
        return r;
    }

    /** A path whose percent-escapes do not decode is refused before routing, which would fail on it. */
    private static void checkPath(RoutingContext ctx) {
        String p = ctx.request().path();
        if (p == null || p.length() > 2048) {
            ctx.fail(ApiException.badRequest("BAD_PATH", "the path is missing or too long"));
            return;
        }
        for (int i = p.indexOf('%'); i >= 0; i = p.indexOf('%', i + 1)) {
            if (i + 2 >= p.length() || Character.digit(p.charAt(i + 1), 16) < 0
                    || Character.digit(p.charAt(i + 2), 16) < 0) {
                ctx.fail(ApiException.badRequest("BAD_PATH", "the path holds a broken %-escape"));
                return;
            }
        }
        ctx.next();
    }
}
