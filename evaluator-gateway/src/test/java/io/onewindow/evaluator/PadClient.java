package io.onewindow.evaluator;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A pad over a real WebSocket: what it receives, in order. */
public final class PadClient implements AutoCloseable {

    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> received;

    private PadClient(WebSocket ws, LinkedBlockingQueue<JsonObject> received) {
        this.ws = ws;
        this.received = received;
    }

    private static final java.util.Map<Vertx, io.vertx.core.http.WebSocketClient> CLIENTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static io.vertx.core.http.WebSocketClient client(Vertx vertx) {
        return CLIENTS.computeIfAbsent(vertx, v -> v.createWebSocketClient());
    }

    public static PadClient connect(Vertx vertx, int port, String window, String token) throws Exception {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws/v1/halls/demo/windows/" + window + "/pad?token=" + token);
        for (int attempt = 1; ; attempt++) {
            try {
                // the handler is set before connecting: the gateway sends a pending request at once, and a
                // handler attached to the connect future from this thread may come after it
                LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
                io.vertx.core.http.ClientWebSocket ws = client(vertx).webSocket();
                ws.textMessageHandler(t -> received.add(new JsonObject(t)));
                ws.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return new PadClient(ws, received);
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 3 || e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException) {
                    throw e; // a pad connects again when its handshake is cut, as the pad page does
                }
            }
        }
    }

    /** Connects and returns the HTTP status of the refusal, or 101 when the upgrade succeeded. */
    public static int statusOf(Vertx vertx, int port, String path) throws Exception {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
        try {
            WebSocket ws = client(vertx).connect(o).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            ws.close();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException r) {
                return r.getStatus();
            }
            throw e;
        }
    }

    public void send(JsonObject m) {
        ws.writeTextMessage(m.encode());
    }

    public void sendText(String text) {
        ws.writeTextMessage(text);
    }

    public JsonObject next() throws InterruptedException {
        JsonObject m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("the pad received nothing in 10 s");
        }
        return m;
    }

    /** Nothing more arrives within the time. */
    public JsonObject poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    public static JsonObject rating(String requestId, String serviceId, int rating, String... reasons) {
        return new JsonObject().put("type", "Evaluation").put("requestId", requestId).put("serviceId", serviceId)
                .put("rating", rating).put("reasons", new io.vertx.core.json.JsonArray(java.util.List.of(reasons)))
                .put("comment", "");
    }

    @Override
    public void close() {
        ws.close();
    }
}
