package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis that comes back without the hall's events (restarted without its append-only file) makes the hall stop
 * and say why, at start-up and while it serves, rather than give A001 a second time the same day.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisLostEventsTest {

    private static final String TICKETS = "/api/v1/halls/demo/tickets";

    private static ServerConfig config(Path dir, TestRedis redis) {
        return new ServerConfig("127.0.0.1", 0, dir, List.of(), redis.url(), null, 1);
    }

    private static TestServer start(Vertx vertx, ServerConfig config) throws Exception {
        return TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx), config);
    }

    private static void assertLostEvents(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("JOURNAL_LOST_EVENTS");
    }

    @Test
    void shouldRefuseAtStartUpRatherThanIssueA001AgainWhenRedisLostItsFiles(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            ServerConfig config = config(dir, redis);
            long seq;
            try (TestServer first = start(vertx, config)) {
                first.issue("A");
                first.issue("A");
                seq = first.queue().getLong("seq");
            }
            Path mark = dir.resolve("demo").resolve("redis-durable-seq");
            assertThat(Files.readString(mark).trim()).as("the local record of the durable sequence")
                    .isEqualTo(Long.toString(seq));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mark))).isEqualTo("rw-------");

            redis.stop();
            redis.startAgainWithoutItsFiles(); // safe settings, but nothing of the day is left

            try (TestServer second = start(vertx, config)) {
                HttpResponse<Buffer> issued = second.post(TICKETS, KIOSK, new JsonObject().put("category", "A"));

                assertLostEvents(issued);
                assertLostEvents(second.get("/health/ready", null));
                assertLostEvents(second.get("/api/v1/halls/demo/queue", null));
                assertThat(second.get("/health/ready", null).bodyAsString()).contains("ends at event 0")
                        .contains("up to " + seq);
                assertThat(second.get("/health/live", null).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldStopTheHallWhenRedisComesBackWithoutItsEventsWhileItServes(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            try (TestServer s = start(vertx, config(dir, redis))) {
                s.issue("A");
                s.issue("A");

                redis.stop();
                redis.startAgainEmpty(); // restarted without persistence: nothing of the day is left

                // whatever happens from here, no ticket is issued again under a number the day has given
                HttpResponse<Buffer> ready = s.get("/health/ready", null);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && !ready.bodyAsString().contains("JOURNAL_LOST_EVENTS")) {
                    HttpResponse<Buffer> issued = s.post(TICKETS, KIOSK, new JsonObject().put("category", "A"));
                    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(503);
                    Thread.sleep(100);
                    ready = s.get("/health/ready", null);
                }
                assertLostEvents(ready);
                assertLostEvents(s.post(TICKETS, KIOSK, new JsonObject().put("category", "A")));
                assertLostEvents(s.get("/api/v1/halls/demo/queue", null));
            }
        }
    }
}
