package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.store.TestRedis;
import io.onewindow.display.access.Tokens;
import io.onewindow.evaluator.TokenFile;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on its own ({@code onewindow evaluator --redis URL}) beside a hall server journaling to the same
 * Redis: it learns of the service from the hall's stream, and the pad connected to it rates the service.
 */
@Timeout(90)
class StandaloneEvaluatorTest {

    @TempDir
    Path dir;

    @Test
    void shouldRateOnTheStandaloneGatewayAServiceCompletedOnTheHallServer() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestRedis redis = TestRedis.startDurable()) {
            String hallId = "h" + UUID.randomUUID().toString().substring(0, 8);
            Path hall = dir.resolve("hall.json");
            Files.writeString(hall, """
                    {"id":"%s","name":"大厅","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                     "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                    """.formatted(hallId));
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), List.of(hall), redis.url(),
                    null, 1);
            Path tokens = dir.resolve("tokens.json");
            Files.writeString(tokens, """
                    {"tokens":[{"token":"kiosk-token-0123456789","role":"kiosk"},
                     {"token":"window-token-0123456789","role":"window","window":"1"},
                     {"token":"pad-token-0123456789","role":"pad","window":"1"}]}
                    """);
            HallServer server = HallServer.start(vertx, config.withTokens(tokens), HallServer.journals(config, vertx))
                    .await();
            List<io.onewindow.core.HallDefinition> halls = List.of(HallFiles.read(hall));
            EvaluatorCommand.Running alone = EvaluatorCommand.start(vertx, halls, redis.url(),
                    TokenFile.read(tokens), "127.0.0.1", 0,
                    EvaluatorCommand.padPages(vertx, halls, Tokens.read(tokens)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(server.port()));
            String base = "/api/v1/halls/" + hallId;
            String window = "window-token-0123456789";

            post(http, base + "/windows/1/open", window, new JsonObject()
                    .put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
            post(http, base + "/tickets", "kiosk-token-0123456789", new JsonObject().put("category", "A"));
            post(http, base + "/windows/1/call-next", window, null);
            post(http, base + "/windows/1/start", window, null);
            post(http, base + "/windows/1/complete", window, null);

            LinkedBlockingQueue<JsonObject> pad = new LinkedBlockingQueue<>();
            WebSocketClient wsClient = vertx.createWebSocketClient(); // held: an unreachable client is closed
            // as the pad's page opens it: the token as a subprotocol, which the gateway reads and does not select
            WebSocket ws = connect(wsClient, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(alone.port())
                    .setURI("/ws/v1/halls/" + hallId + "/windows/1/pad").addSubProtocol("onewindow.pad")
                    .addSubProtocol("bearer.pad-token-0123456789"), pad);
            assertThat(ws.subProtocol()).isEqualTo("onewindow.pad");
            JsonObject request = pad.poll(20, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            assertThat(request.getString("number")).isEqualTo("A001");
            ws.writeTextMessage(new JsonObject().put("type", "Evaluation")
                    .put("requestId", UUID.randomUUID().toString()).put("serviceId", request.getString("serviceId"))
                    .put("rating", 5).encode());
            JsonObject ack = pad.poll(10, TimeUnit.SECONDS);

            assertThat(ack.getString("type")).isEqualTo("Ack");
            WebClient gateway = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(alone.port()));
            var page = gateway.get("/pad/" + hallId + "/windows/1").send().await();
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.bodyAsString()).contains("/assets/js/pad.js");
            assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
            assertThat(gateway.get("/assets/js/pad.js").send().await().statusCode()).isEqualTo(200);
            assertThat(gateway.get("/pad/" + hallId + "/windows/9").send().await().statusCode()).isEqualTo(404);
            assertThat(gateway.get("/api/v1/me").bearerTokenAuthentication("pad-token-0123456789").send().await()
                    .bodyAsJsonObject().getString("window")).isEqualTo("1");
            ws.close();
            alone.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server.close().await();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldOpenOnStartAServiceWhoseEvaluationWasLostBeforeTheLastOneItOpened() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestRedis redis = TestRedis.startDurable()) {
            String hallId = "h" + UUID.randomUUID().toString().substring(0, 8);
            Path hall = dir.resolve("hall.json");
            Files.writeString(hall, """
                    {"id":"%s","name":"大厅","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                     "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                    """.formatted(hallId));
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), List.of(hall), redis.url(),
                    null, 1);
            Path tokens = dir.resolve("tokens.json");
            Files.writeString(tokens, """
                    {"tokens":[{"token":"kiosk-token-0123456789","role":"kiosk"},
                     {"token":"window-token-0123456789","role":"window","window":"1"}]}
                    """);
            HallServer server = HallServer.start(vertx, config.withTokens(tokens), HallServer.journals(config, vertx))
                    .await();
            WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(server.port()));
            String base = "/api/v1/halls/" + hallId;
            String window = "window-token-0123456789";
            post(http, base + "/windows/1/open", window, new JsonObject()
                    .put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
            for (int i = 0; i < 3; i++) {
                post(http, base + "/tickets", "kiosk-token-0123456789", new JsonObject().put("category", "A"));
                post(http, base + "/windows/1/call-next", window, null);
                post(http, base + "/windows/1/start", window, null);
                post(http, base + "/windows/1/complete", window, null);
            }
            io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(vertx, redis.url());
            List<String[]> opened = openedEntries(client, hallId, 3);
            String lost = opened.get(1)[1]; // the second service's evaluation: as if its Opened never reached Redis
            client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XDEL)
                    .arg(io.onewindow.evaluator.store.RedisEvaluationStore.streamKey(hallId)).arg(opened.get(1)[0]))
                    .await();
            client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SREM)
                    .arg("ow:{" + hallId + "}:ev:services").arg(lost)).await();

            EvaluatorCommand.Running alone = EvaluatorCommand.start(vertx, List.of(HallFiles.read(hall)),
                    redis.url(), TokenFile.read(tokens), "127.0.0.1", 0)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            io.onewindow.evaluator.ServiceRecord found = null;
            for (int i = 0; i < 200 && found == null; i++) {
                found = alone.gateway().on(b -> b.service(lost)).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                Thread.sleep(50);
            }
            List<String[]> again = openedEntries(client, hallId, 3);

            assertThat(found).isNotNull();
            assertThat(found.staffId()).isEqualTo("0571");
            assertThat(again).extracting(e -> e[1]).containsOnlyOnce(lost).doesNotHaveDuplicates();
            client.close();
            alone.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server.close().await();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The Opened entries of the hall's evaluation stream as (stream id, service id), once there are {@code n}. */
    private static List<String[]> openedEntries(io.vertx.redis.client.Redis client, String hallId, int n)
            throws Exception {
        List<String[]> out = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 200; attempt++) {
            out.clear();
            var page = client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XRANGE)
                    .arg(io.onewindow.evaluator.store.RedisEvaluationStore.streamKey(hallId)).arg("-").arg("+"))
                    .await();
            for (var entry : page) {
                var e = io.onewindow.evaluator.store.EntryCodec.decode(entry.get(1).get(1).toString());
                if (e instanceof io.onewindow.evaluator.Entry.Opened o) {
                    out.add(new String[] {entry.get(0).toString(), o.service().serviceId()});
                }
            }
            if (out.size() >= n) {
                return out;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the hall's evaluation stream holds " + out.size() + " services, not " + n);
    }

    /**
     * A pad's connection whose messages go to {@code into}: the handler is set before connecting, since the
     * gateway sends a pending request at once (a handler attached to the connect future from this thread may
     * come after it).
     */
    static WebSocket connect(WebSocketClient client, WebSocketConnectOptions o, LinkedBlockingQueue<JsonObject> into)
            throws Exception {
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(t -> into.add(new JsonObject(t)));
        ws.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return ws;
    }

    private static void post(WebClient http, String path, String token, JsonObject body) {
        var r = http.post(path).bearerTokenAuthentication(token);
        int status = (body == null ? r.send() : r.sendJsonObject(body)).await().statusCode();
        assertThat(status).as(path).isLessThan(300);
    }
}
