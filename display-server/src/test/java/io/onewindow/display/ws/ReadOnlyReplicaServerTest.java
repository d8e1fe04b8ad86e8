package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.display.DataFolder;
import io.onewindow.display.HallServer;
import io.onewindow.display.ServerConfig;
import io.onewindow.display.store.TestRedis;
import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hall servers on one Redis, as {@code --redis URL} and {@code --redis URL --read-only} start them: commands
 * on the owner reach a display of the replica in order, and the replica refuses commands. Runs against a real
 * Redis: {@code REDIS_URL}, else an embedded one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReadOnlyReplicaServerTest {

    /** As long as the server's start waits for Redis's answers (30 s each) and a little more. */
    private static final long START_SECONDS = 40;

    private static TestRedis redis;
    private static String redisUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.startDurable();
        redisUrl = redis.url();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void shouldShowTheOwnersCallsOnTheReplicasDisplayInOrder(Vertx vertx) throws Exception {
        String hallId = "r" + UUID.randomUUID().toString().substring(0, 8);
        Path hallFile = Files.writeString(dir.resolve("hall.json"), """
                {"id":"%s","name":"复制厅","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                """.formatted(hallId));
        ServerConfig ownerConfig = new ServerConfig("127.0.0.1", 0, dir.resolve("owner"), List.of(hallFile),
                redisUrl, null, 1);
        ServerConfig replicaConfig = new ServerConfig("127.0.0.1", 0, dir.resolve("replica"), List.of(hallFile),
                redisUrl, null, 1, true);
        // a start reads Redis's settings with the first requests of its client: seconds on a busy machine
        HallServer owner = await(HallServer.start(vertx, ownerConfig, HallServer.journals(ownerConfig, vertx)),
                START_SECONDS);
        HallServer replica = await(HallServer.start(vertx, replicaConfig,
                HallServer.journals(replicaConfig, vertx)), START_SECONDS);
        HttpClient http = vertx.createHttpClient();
        String kiosk = token(owner, "KIOSK", null);
        String window = token(owner, "WINDOW", "1");
        String base = "/api/v1/halls/" + hallId;
        post(http, owner.port(), base + "/windows/1/open", window,
                new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
        post(http, owner.port(), base + "/tickets", kiosk, new JsonObject().put("category", "A"));

        Ws display = new Ws(vertx, replica.port(), "/ws/v1/halls/" + hallId + "/display");
        JsonObject snapshot = display.next();
        JsonObject issued = post(http, owner.port(), base + "/tickets", kiosk, new JsonObject().put("category", "A"));
        JsonObject called = post(http, owner.port(), base + "/windows/1/call-next", window, null);
        post(http, owner.port(), base + "/windows/1/start", window, null);
        int refused = status(http, replica.port(), base + "/tickets", token(replica, "KIOSK", null),
                new JsonObject().put("category", "A"));
        List<JsonObject> received = new ArrayList<>();
        while (received.size() < 3 || !"ServiceStarted".equals(received.get(received.size() - 1).getString("type"))) {
            received.add(display.next());
        }

        long from = snapshot.getLong("seq");
        long last = received.get(received.size() - 1).getLong("seq");
        assertEquals("Snapshot", snapshot.getString("type"));
        assertThat(received).extracting(m -> m.getLong("seq")).as("every event after the snapshot, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, last).boxed().toList());
        assertThat(received.subList(received.size() - 3, received.size())).extracting(m -> m.getString("type"))
                .containsExactly("TicketIssued", "TicketCalled", "ServiceStarted");
        assertEquals(issued.getString("number"), received.get(received.size() - 3).getString("number"));
        assertEquals(called.getString("number"), received.get(received.size() - 2).getString("number"));
        assertEquals("1号窗口", received.get(received.size() - 2).getString("window"));
        assertEquals(503, refused, "the replica takes no commands");
        await(replica.close());
        await(owner.close());
    }

    private static String token(HallServer server, String role, String window) {
        for (DataFolder.DemoToken t : server.demoTokens()) {
            if (t.role().name().equals(role) && (window == null || window.equals(t.window()))) {
                return t.token();
            }
        }
        throw new AssertionError("no demo token " + role + " " + window);
    }

    private static JsonObject post(HttpClient http, int port, String path, String token, JsonObject body) {
        return await(http.request(HttpMethod.POST, port, "127.0.0.1", path).compose(req -> {
            req.putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
            return body == null ? req.send() : req.send(Buffer.buffer(body.encode()));
        }).compose(res -> res.body().map(b -> {
            assertThat(res.statusCode()).as(path + " answered " + b).isBetween(200, 201);
            return b.length() == 0 ? new JsonObject() : new JsonObject(b);
        })));
    }

    private static int status(HttpClient http, int port, String path, String token, JsonObject body) {
        return await(http.request(HttpMethod.POST, port, "127.0.0.1", path).compose(req -> {
            req.putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
            return req.send(Buffer.buffer(body.encode()));
        }).compose(res -> res.body().map(b -> res.statusCode())));
    }
}
