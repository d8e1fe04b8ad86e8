package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stopped under a steady stream of tickets and started again: the hall stops taking commands at once and
 * says why, serves again by itself once Redis is back, and every acknowledged ticket is there under its own number,
 * none twice.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisOutageTest {

    private static final int KIOSKS = 3;

    private static void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void shouldStopAtOnceAndServeAgainByItselfWithNothingAcknowledgedLostWhenRedisRestarts(Vertx vertx,
            @TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, List.of(), redis.url(), null, 1);
            Map<Long, String> acknowledged = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> kiosks = new ArrayList<>();
            try (TestServer s = TestServer.start(vertx, dir, HallServer.journals(config, vertx), config)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                String base = "http://127.0.0.1:" + s.port();
                for (int k = 0; k < KIOSKS; k++) {
                    Thread t = new Thread(() -> {
                        HttpRequest issue = HttpRequest.newBuilder(URI.create(base + "/api/v1/halls/demo/tickets"))
                                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + KIOSK)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"category\":\"A\"}")).build();
                        while (!stop.get()) {
                            try {
                                HttpResponse<String> r = http.send(issue, HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 201) {
                                    JsonObject t1 = new JsonObject(r.body());
                                    acknowledged.put(t1.getLong("id"), t1.getString("number"));
                                } else if (r.statusCode() == 503 && r.body().contains("JOURNAL_UNAVAILABLE")) {
                                    refused.incrementAndGet();
                                    Thread.sleep(20);
                                } else {
                                    unexpected.add(r.statusCode() + " " + r.body());
                                }
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception e) {
                                unexpected.add(e.toString());
                            }
                        }
                    }, "kiosk-" + k);
                    kiosks.add(t);
                    t.start();
                }
                await("30 tickets before Redis stops", () -> acknowledged.size() >= 30, 30);

                redis.stop();
                await("the hall says its journal is unavailable", () -> {
                    var r = s.get("/health/ready", null);
                    return r.statusCode() == 503 && r.bodyAsString().contains("JOURNAL_UNAVAILABLE");
                }, 20);
                await("commands refused at once while Redis is down", () -> refused.get() > 0, 20);
                redis.startAgain();
                await("the hall serves again by itself", () -> s.get("/health/ready", null).statusCode() == 200, 30);
                int afterRestart = acknowledged.size();
                await("30 more tickets after Redis is back", () -> acknowledged.size() >= afterRestart + 30, 30);
                stop.set(true);
                for (Thread t : kiosks) {
                    t.join(15_000);
                }

                assertThat(unexpected).as("answers other than 201 or 503 JOURNAL_UNAVAILABLE").isEmpty();
                assertThat(new HashSet<>(acknowledged.values())).as("no number twice")
                        .hasSize(acknowledged.size());
                for (var e : acknowledged.entrySet()) {
                    var r = s.get("/api/v1/halls/demo/tickets/" + e.getKey(), KIOSK);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo(e.getValue());
                }
            }

            try (TestServer restarted = TestServer.start(vertx, dir, HallServer.journals(config, vertx), config)) {
                for (var e : acknowledged.entrySet()) {
                    var r = restarted.get("/api/v1/halls/demo/tickets/" + e.getKey(), KIOSK);
                    assertThat(r.statusCode()).as("ticket " + e.getValue() + " after a restart from Redis")
                            .isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo(e.getValue());
                }
                JsonObject next = restarted.issue("A");
                assertThat(acknowledged.values()).doesNotContain(next.getString("number"));
            }
        }
    }
}
