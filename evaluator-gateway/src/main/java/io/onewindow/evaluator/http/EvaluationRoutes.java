package io.onewindow.evaluator.http;

import io.onewindow.evaluator.CaseAction;
import io.onewindow.evaluator.CaseState;
import io.onewindow.evaluator.CaseStep;
import io.onewindow.evaluator.Credentials;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationError;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.Figures;
import io.onewindow.evaluator.FollowUpCase;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.Names;
import io.onewindow.evaluator.NationalExport;
import io.onewindow.evaluator.RatingRequest;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.ws.PadSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's routes, mounted on a router: the hall server's (one port, one router) or the gateway's own when it
 * runs alone. Mount them ahead of any body handler of the host router: the pad's upgrade must not be read. The
 * pad's page ({@code /pad/{hall}/windows/{w}}) is one of the hall's pages, served with them by the host.
 *
 * <pre>
 * GET  /ws/v1/halls/{hall}/windows/{w}/pad                        pad w          WebSocket (PadSocket)
 * POST /api/v1/evaluations                                        phone link     201 / 200 repeat
 * GET  /api/v1/evaluations/mine                                   phone link     the service and its ratings
 * GET  /api/v1/halls/{hall}/evaluations/summary?from&to&by        manager        figures
 * GET  /api/v1/halls/{hall}/evaluations/export.csv?from&to        manager        the national record, CSV
 * GET  /api/v1/halls/{hall}/cases?status=                         manager        cases, overdue first
 * POST /api/v1/cases/{id}/{verify|appeal|approve|reject|extend|rectify|callback|close}   manager
 * </pre>
 */
public final class EvaluationRoutes {

    public static final int BODY_LIMIT_BYTES = 4096;
    private static final Set<String> PHONE_FIELDS = Set.of("type", "requestId", "serviceId", "rating", "reasons",
            "comment");
    private static final Set<String> STEP_FIELDS = Set.of("by", "note", "satisfaction", "days");
    private static final int MAX_RANGE_DAYS = 366;

    private final EvaluatorGateway gateway;

    public EvaluationRoutes(EvaluatorGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * The key under which {@link #mountMetricsPart} leaves the gateway's Prometheus text in the routing context for
     * the host's {@code /metrics} handler to append.
     */
    public static final String METRICS_PART = "onewindow.metrics.more";

    /** In the hall server: a {@code GET /metrics} handler ahead of the server's, adding the gateway's figures. */
    public void mountMetricsPart(Router r) {
        r.get("/metrics").handler(ctx -> gateway.prometheus().onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.put(METRICS_PART, ar.result());
            }
            ctx.next();
        }));
    }

    public void mount(Router r) {
        new PadSocket(gateway).mount(r);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
        r.post("/api/v1/evaluations").handler(body).handler(this::rate);
        r.get("/api/v1/evaluations/mine").handler(this::mine);
        r.get("/api/v1/halls/:hall/evaluations/summary").handler(this::summary);
        r.get("/api/v1/halls/:hall/evaluations/export.csv").handler(this::export);
        r.get("/api/v1/halls/:hall/cases").handler(this::cases);
        r.post("/api/v1/cases/:id/:action").handler(body).handler(this::step);
    }

    // ---------------------------------------------------------------- phone

    private void rate(RoutingContext ctx) {
        String token = Replies.token(ctx);
        if (token == null || token.isEmpty()) {
            Replies.error(ctx, 401, "UNAUTHORIZED", "the ticket's phone link token is required");
            return;
        }
        JsonObject o = bodyObject(ctx);
        RatingRequest r = o == null ? null : Replies.ratingOf(o, PHONE_FIELDS, false);
        if (r == null || o.containsKey("type") && !"Evaluation".equals(o.getValue("type"))) {
            refuse(ctx, EvaluationError.BAD_MESSAGE);
            return;
        }
        gateway.ratePhone(token, r).onComplete(ar -> {
            if (ar.failed()) {
                refuse(ctx, EvaluationError.STORE_UNAVAILABLE);
            } else if (ar.result() instanceof EvaluatorGateway.Answer.Ack ack) {
                Replies.json(ctx, ack.fresh() ? 201 : 200, new JsonObject().put("type", "Ack")
                        .put("requestId", ack.requestId()).put("evaluationId", ack.evaluationId()));
            } else {
                refuse(ctx, ((EvaluatorGateway.Answer.Refused) ar.result()).error());
            }
        });
    }

    /**
     * What the phone page shows before its form: the service of the ticket's link, whether it may still be rated
     * (or given its one 追加评价) and the ratings it has. Read-only: it changes nothing, and it answers 404
     * {@code UNKNOWN_SERVICE} until the gateway has heard of the service (the phone may ask again).
     */
    private void mine(RoutingContext ctx) {
        String token = Replies.token(ctx);
        if (token == null || token.isEmpty()) {
            Replies.error(ctx, 401, "UNAUTHORIZED", "the ticket's phone link token is required");
            return;
        }
        if (!gateway.ready()) {
            Replies.error(ctx, 503, "NOT_READY", "the evaluator gateway is recovering its store");
            return;
        }
        long now = gateway.clock().millis();
        gateway.on(b -> {
            ServiceRecord s = b.serviceOfLink(token);
            return s == null ? null : mineJson(s, b.ratingOf(s.serviceId()), b.addOnOf(s.serviceId()),
                    b.hall(s.hall()), now);
        }).onComplete(ar -> {
            if (ar.failed()) {
                Replies.error(ctx, 500, "INTERNAL", "the service could not be read");
            } else if (ar.result() == null) {
                refuse(ctx, EvaluationError.UNKNOWN_SERVICE);
            } else {
                Replies.json(ctx, 200, ar.result());
            }
        });
    }

    static JsonObject mineJson(ServiceRecord s, Evaluation first, Evaluation addOn, HallSettings h, long nowMillis) {
        long until = s.completedAtMillis() + h.periodMillis();
        boolean open = nowMillis <= until;
        return new JsonObject().put("serviceId", s.serviceId()).put("hall", s.hall()).put("number", s.number())
                .put("category", s.category()).put("window", s.window())
                .put("staff", new JsonObject().put("id", s.staffId()).put("name", Names.masked(s.staffName())))
                .put("completedAt", time(s.completedAtMillis(), h)).put("rateUntil", time(until, h))
                .put("rating", first == null ? null : ratingJson(first, h))
                .put("addOn", addOn == null ? null : ratingJson(addOn, h))
                .put("canRate", open && first == null).put("canAddOn", open && first != null && addOn == null);
    }

    private static JsonObject ratingJson(Evaluation e, HallSettings h) {
        return new JsonObject().put("evaluationId", e.evaluationId()).put("rating", e.level().value())
                .put("level", e.level().chineseName()).put("reasons", new JsonArray(List.copyOf(e.reasons())))
                .put("comment", e.comment()).put("channel", e.channel().name())
                .put("ratedAt", time(e.ratedAtMillis(), h));
    }

    private static String time(long millis, HallSettings h) {
        return Instant.ofEpochMilli(millis).atZone(h.zone()).toOffsetDateTime().toString();
    }

    // ---------------------------------------------------------------- manager

    private void summary(RoutingContext ctx) {
        String hall = managerOf(ctx);
        if (hall == null) {
            return;
        }
        LocalDate[] range = range(ctx, hall);
        if (range == null) {
            return;
        }
        Figures.By by = Figures.By.parse(ctx.request().getParam("by"));
        if (by == null) {
            Replies.error(ctx, 400, "BAD_FIELD", "by: must be hall, window, staff, category or day");
            return;
        }
        LocalDate today = gateway.today(hall);
        gateway.on(b -> Figures.summary(b, hall, range[0], range[1], by, today)).onComplete(ar -> {
            if (ar.failed()) {
                Replies.error(ctx, 500, "INTERNAL", "the figures could not be computed");
                return;
            }
            JsonArray rows = new JsonArray();
            for (Figures.Row row : ar.result()) {
                rows.add(row(row));
            }
            Replies.json(ctx, 200, new JsonObject().put("hall", hall).put("from", range[0].toString())
                    .put("to", range[1].toString()).put("by", by.name().toLowerCase(Locale.ROOT)).put("rows", rows));
        });
    }

    static JsonObject row(Figures.Row r) {
        JsonObject levels = new JsonObject();
        for (int l = 5; l >= 1; l--) {
            levels.put(Integer.toString(l), r.levels()[l - 1]);
        }
        return new JsonObject().put("key", r.key()).put("served", r.served()).put("rated", r.rated())
                .put("activeRated", r.activeRated()).put("systemDefault", r.systemDefault())
                .put("unrated", r.unrated()).put("levels", levels).put("goodRate", r.goodRate())
                .put("activeGoodRate", r.activeGoodRate()).put("unratedRate", r.unratedRate())
                .put("badRate", r.badRate()).put("cases", r.cases()).put("rectifyRate", r.rectifyRate())
                .put("callbackRate", r.callbackRate()).put("overdueCases", r.overdue());
    }

    private void export(RoutingContext ctx) {
        String hall = managerOf(ctx);
        if (hall == null) {
            return;
        }
        LocalDate[] range = range(ctx, hall);
        if (range == null) {
            return;
        }
        gateway.export(hall, range[0], range[1]).onComplete(ar -> {
            if (ar.failed()) {
                Replies.error(ctx, 500, "INTERNAL", "the export could not be made");
                return;
            }
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"evaluations-" + hall + "-"
                            + range[0] + "-" + range[1] + ".csv\"")
                    .end("\uFEFF" + ar.result()); // the byte-order mark tells spreadsheets it is UTF-8
        });
    }

    private void cases(RoutingContext ctx) {
        String hall = managerOf(ctx);
        if (hall == null) {
            return;
        }
        String status = ctx.request().getParam("status");
        CaseState state = null;
        if (status != null && !status.isEmpty()) {
            try {
                state = CaseState.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                Replies.error(ctx, 400, "BAD_FIELD", "status: must be one of " + List.of(CaseState.values()));
                return;
            }
        }
        CaseState wanted = state;
        LocalDate today = gateway.today(hall);
        HallSettings h = gateway.hallSettings(hall);
        gateway.on(b -> b.cases(hall, wanted)).onComplete(ar -> {
            JsonArray out = new JsonArray();
            int overdue = 0;
            for (FollowUpCase c : ar.result()) {
                out.add(caseJson(c, today, h));
                overdue += c.overdue(today) ? 1 : 0;
            }
            Replies.json(ctx, 200, new JsonObject().put("hall", hall).put("overdue", overdue).put("cases", out));
        });
    }

    static JsonObject caseJson(FollowUpCase c, LocalDate today, HallSettings h) {
        JsonArray steps = new JsonArray();
        for (CaseStep s : c.steps()) {
            JsonObject j = new JsonObject().put("action", s.action().wireName()).put("by", s.by())
                    .put("at", Instant.ofEpochMilli(s.atMillis()).atZone(h.zone()).toOffsetDateTime().toString())
                    .put("note", s.note());
            if (s.satisfaction() > 0) {
                j.put("satisfaction", s.satisfaction());
            }
            if (s.extraDays() > 0) {
                j.put("days", s.extraDays());
            }
            steps.add(j);
        }
        var e = c.evaluation();
        return new JsonObject().put("id", c.caseId()).put("state", c.state().name())
                .put("evaluationId", e.evaluationId()).put("serviceId", e.service().serviceId())
                .put("number", e.service().number()).put("category", e.service().category())
                .put("window", e.service().window()).put("staffId", e.service().staffId())
                .put("rating", e.level().value()).put("reasons", new JsonArray(List.copyOf(e.reasons())))
                .put("comment", e.comment())
                .put("ratedAt", Instant.ofEpochMilli(e.ratedAtMillis()).atZone(h.zone()).toOffsetDateTime()
                        .toString())
                .put("verifyDue", c.verifyDue().toString())
                .put("rectifyDue", c.rectifyDue() == null ? null : c.rectifyDue().toString())
                .put("overdue", c.overdue(today)).put("steps", steps);
    }

    private void step(RoutingContext ctx) {
        CaseAction action = CaseAction.parse(ctx.pathParam("action"));
        if (action == null) {
            Replies.error(ctx, 404, "NOT_FOUND", "no such case action");
            return;
        }
        String id = ctx.pathParam("id");
        gateway.on(b -> b.followUp(id)).onComplete(found -> {
            FollowUpCase c = found.result();
            String hall = c == null ? null : c.evaluation().hall();
            Credentials.Holder who = gateway.credentials().holder(hall, Replies.token(ctx));
            if (who == null) {
                Replies.error(ctx, 401, "UNAUTHORIZED", "a manager token is required");
                return;
            }
            if (!who.manager()) {
                Replies.error(ctx, 403, "FORBIDDEN", "only a manager moves a case on");
                return;
            }
            if (c == null) {
                refuse(ctx, EvaluationError.UNKNOWN_CASE);
                return;
            }
            JsonObject o = bodyObject(ctx);
            if (o == null || !STEP_FIELDS.containsAll(o.fieldNames()) || !(o.getValue("by") instanceof String by)
                    || o.getValue("note") != null && !(o.getValue("note") instanceof String)
                    || o.getValue("satisfaction") != null && !(o.getValue("satisfaction") instanceof Integer)
                    || o.getValue("days") != null && !(o.getValue("days") instanceof Integer)
                    || by.length() > 64 || o.getString("note", "").length() > 500) {
                Replies.error(ctx, 400, "BAD_FIELD",
                        "body: {\"by\": who (required), \"note\", \"satisfaction\": 1..5, \"days\"}");
                return;
            }
            CaseStep st = new CaseStep(id, hall, action, by, gateway.clock().millis(), o.getString("note", ""),
                    o.getInteger("satisfaction", 0), o.getInteger("days", 0));
            gateway.step(st).onComplete(ar -> {
                if (ar.failed()) {
                    refuse(ctx, ar.cause() instanceof EvaluatorGateway.RefusedException no ? no.error()
                            : EvaluationError.STORE_UNAVAILABLE);
                    return;
                }
                Replies.json(ctx, 200, caseJson(ar.result(), gateway.today(hall), gateway.hallSettings(hall)));
            });
        });
    }

    // ---------------------------------------------------------------- helpers

    /** The hall of the path when the request carries a manager token valid there; else answered, null. */
    private String managerOf(RoutingContext ctx) {
        String hall = ctx.pathParam("hall");
        if (gateway.hallSettings(hall) == null) {
            Replies.error(ctx, 404, "UNKNOWN_HALL", "no hall \"" + Replies.clip(hall) + "\" here");
            return null;
        }
        Credentials.Holder who = gateway.credentials().holder(hall, Replies.token(ctx));
        if (who == null) {
            Replies.error(ctx, 401, "UNAUTHORIZED", "a manager token is required");
            return null;
        }
        if (!who.manager()) {
            Replies.error(ctx, 403, "FORBIDDEN", "only a manager sees the evaluations");
            return null;
        }
        return hall;
    }

    /** {@code from} and {@code to} (the hall's local dates, inclusive), by default today; else answered, null. */
    private LocalDate[] range(RoutingContext ctx, String hall) {
        LocalDate today = gateway.today(hall);
        try {
            String f = ctx.request().getParam("from");
            String t = ctx.request().getParam("to");
            LocalDate from = f == null || f.isEmpty() ? today : LocalDate.parse(f);
            LocalDate to = t == null || t.isEmpty() ? (f == null || f.isEmpty() ? today : from) : LocalDate.parse(t);
            if (to.isBefore(from) || from.plusDays(MAX_RANGE_DAYS).isBefore(to)) {
                Replies.error(ctx, 400, "BAD_FIELD", "from..to: at most " + MAX_RANGE_DAYS + " days, from first");
                return null;
            }
            return new LocalDate[] {from, to};
        } catch (DateTimeParseException e) {
            Replies.error(ctx, 400, "BAD_FIELD", "from, to: dates as 2027-03-02");
            return null;
        }
    }

    private static JsonObject bodyObject(RoutingContext ctx) {
        try {
            Object v = ctx.body().asJsonObject();
            return v instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void refuse(RoutingContext ctx, EvaluationError e) {
        if (e == EvaluationError.TOO_MANY_REQUESTS && !ctx.response().ended()) {
            ctx.response().putHeader("Retry-After", "1");
        }
        Replies.error(ctx, e.httpStatus(), e.code(), message(e));
    }

    static String message(EvaluationError e) {
        return switch (e) {
            case BAD_MESSAGE -> "the body is not an evaluation: {requestId, serviceId, rating, reasons, comment}";
            case BAD_RATING -> "rating: must be 1..5";
            case REASON_REQUIRED -> "a rating of 1 or 2 needs at least one reason";
            case COMMENT_TOO_LONG -> "comment: at most 150 characters";
            case UNKNOWN_SERVICE -> "no service to rate for this link";
            case WRONG_WINDOW -> "the service was served at another window";
            case EXPIRED -> "the evaluation period of this service is over";
            case ALREADY_EVALUATED -> "this service is rated already";
            case UNKNOWN_CASE -> "no such case";
            case WRONG_STATE -> "the case is not in a state that allows this step";
            case MISSING_FIELD -> "this step needs a reason (note), days or a satisfaction";
            case STORE_UNAVAILABLE -> "the rating could not be stored; nothing was kept: retry with the same requestId";
            case TOO_MANY_REQUESTS -> "too many ratings on their way; nothing was kept: retry with the same requestId";
        };
    }
}
