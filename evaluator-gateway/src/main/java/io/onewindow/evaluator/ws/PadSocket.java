package io.onewindow.evaluator.ws;

import io.onewindow.evaluator.Credentials;
import io.onewindow.evaluator.EvaluationError;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.JsonText;
import io.onewindow.evaluator.Names;
import io.onewindow.evaluator.RatingRequest;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.http.Replies;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pad of a window: {@code GET /ws/v1/halls/{hall}/windows/{w}/pad} (WebSocket, the pad token of window w as
 * {@code Authorization: Bearer}, or from a browser, which cannot set headers on a WebSocket, as the subprotocol
 * {@code bearer.<token>} beside {@link Replies#PAD_SUBPROTOCOL}, the one the server selects; {@code ?token=} too).
 *
 * <pre>
 *  server ─▶ pad  {"type":"EvaluationRequest","serviceId","number","category","window","staff":{"id","name"},
 *                  "expiresAt"}            on connect if one is pending, and for each service of the window
 *  pad ─▶ server  {"type":"Evaluation","requestId","serviceId","rating":1..5,"reasons":[..],"comment":".."}
 *  server ─▶ pad  {"type":"Ack","requestId","evaluationId"}     once durable
 *                 {"type":"Error","requestId","code"}           ALREADY_EVALUATED UNKNOWN_SERVICE EXPIRED
 *                                                               WRONG_WINDOW REASON_REQUIRED BAD_RATING
 *                                                               BAD_MESSAGE COMMENT_TOO_LONG STORE_UNAVAILABLE
 *                                                               TOO_MANY_REQUESTS (retry the same requestId)
 * </pre>
 * The token is checked before the upgrade: 401 {@code UNAUTHORIZED} without a valid one, 403 {@code WRONG_WINDOW}
 * for the pad of another window, 403 {@code FORBIDDEN} for another role, 404 {@code UNKNOWN_HALL}.
 */
public final class PadSocket {

    private static final Logger LOG = LoggerFactory.getLogger(PadSocket.class);
    private static final Set<String> FIELDS = Set.of("type", "requestId", "serviceId", "rating", "reasons",
            "comment");
    static final int MAX_MESSAGE_BYTES = 4096;

    private final EvaluatorGateway gateway;

    public PadSocket(EvaluatorGateway gateway) {
        this.gateway = gateway;
    }

    public void mount(Router r) {
        r.get("/ws/v1/halls/:hall/windows/:w/pad").handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String hall = ctx.pathParam("hall");
        String window = ctx.pathParam("w");
        if (!gateway.ready()) {
            Replies.error(ctx, 503, "NOT_READY", "the evaluator gateway is recovering its store");
            return;
        }
        if (gateway.hallSettings(hall) == null) {
            Replies.error(ctx, 404, "UNKNOWN_HALL", "no hall \"" + Replies.clip(hall) + "\" here");
            return;
        }
        Credentials.Holder who = gateway.credentials().holder(hall, Replies.token(ctx));
        if (who == null) {
            Replies.error(ctx, 401, "UNAUTHORIZED", "a pad token is required");
            return;
        }
        if (!who.pad()) {
            Replies.error(ctx, 403, "FORBIDDEN", "only a pad token opens the pad");
            return;
        }
        if (!window.equals(who.window())) {
            Replies.error(ctx, 403, "WRONG_WINDOW", "this pad token belongs to another window");
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> new Session(hall, window, ws).start())
                .onFailure(err -> LOG.debug("pad upgrade failed: {}", err.toString()));
    }

    /**
     * One pad's connection. Confined to its connection's event loop, except {@link #request} and the answers to
     * its ratings, which are written from the gateway's thread (a WebSocket may be written from any thread).
     */
    private final class Session implements EvaluatorGateway.PadListener {
        private final String hall;
        private final String window;
        private final ServerWebSocket ws;

        Session(String hall, String window, ServerWebSocket ws) {
            this.hall = hall;
            this.window = window;
            this.ws = ws;
        }

        void start() {
            ws.textMessageHandler(this::message);
            ws.binaryMessageHandler(b -> error(null, EvaluationError.BAD_MESSAGE));
            ws.closeHandler(v -> gateway.padDisconnected(hall, window, this));
            gateway.padConnected(hall, window, this);
        }

        @Override
        public void request(ServiceRecord s, long expiresAtMillis) {
            JsonObject m = new JsonObject().put("type", "EvaluationRequest").put("serviceId", s.serviceId())
                    .put("number", s.number()).put("category", s.category()).put("window", s.window())
                    .put("staff", new JsonObject().put("id", s.staffId()).put("name", Names.masked(s.staffName())))
                    .put("expiresAt", Instant.ofEpochMilli(expiresAtMillis).toString());
            if (!ws.isClosed()) {
                ws.writeTextMessage(m.encode());
            }
        }

        private void message(String text) {
            RatingRequest r = parse(text);
            if (r == null) {
                error(requestIdOf(text), EvaluationError.BAD_MESSAGE);
                return;
            }
            gateway.ratePad(hall, window, r, answer -> { // on the gateway's thread: see ratePad
                if (answer instanceof EvaluatorGateway.Answer.Ack ack) {
                    StringBuilder b = new StringBuilder(96).append("{\"type\":\"Ack\"");
                    JsonText.quote(JsonText.name(b, "requestId", false), ack.requestId());
                    JsonText.quote(JsonText.name(b, "evaluationId", false), ack.evaluationId());
                    send(b.append('}').toString());
                } else {
                    EvaluatorGateway.Answer.Refused no = (EvaluatorGateway.Answer.Refused) answer;
                    error(no.requestId(), no.error());
                }
            });
        }

        private void error(String requestId, EvaluationError e) {
            StringBuilder b = new StringBuilder(96).append("{\"type\":\"Error\"");
            JsonText.quote(JsonText.name(b, "requestId", false), requestId);
            JsonText.quote(JsonText.name(b, "code", false), e.code());
            send(b.append('}').toString());
        }

        /** Sends a message written by hand (an Ack or an Error: the same text as its JsonObject would encode). */
        private void send(String text) {
            if (!ws.isClosed()) {
                ws.writeTextMessage(text);
            }
        }
    }

    /** The rating of a pad message, or null when it is not the protocol's. */
    static RatingRequest parse(String text) {
        if (text == null || text.length() > MAX_MESSAGE_BYTES) {
            return null;
        }
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (RuntimeException e) {
            return null;
        }
        if (!"Evaluation".equals(o.getValue("type"))) {
            return null;
        }
        return Replies.ratingOf(o, FIELDS, true);
    }

    private static String requestIdOf(String text) {
        try {
            Object id = new JsonObject(text).getValue("requestId");
            return id instanceof String s && s.length() <= 64 ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
