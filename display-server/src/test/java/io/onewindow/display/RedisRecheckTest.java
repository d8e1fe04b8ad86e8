package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.onewindow.display.store.Journals;
import io.onewindow.display.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Redis restarted under the running server with other persistence settings: the server reads them again when
 * its journal connects anew. One that can lose acknowledged events keeps the hall refusing commands (503
 * {@code JOURNAL_UNAVAILABLE}, and {@code /health/ready} says which setting), logged once, until Redis is made safe
 * again (its first append-only file written, when appendonly was turned on at runtime), and then the hall serves by
 * itself; with {@code --redis-accept-loss} it serves on and warns once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisRecheckTest {

    private static final String TICKETS = "/api/v1/halls/demo/tickets";

    private static ServerConfig config(Path dir, TestRedis redis) {
        return new ServerConfig("127.0.0.1", 0, dir, List.of(), redis.url(), null, 1);
    }

    private static TestServer start(Vertx vertx, ServerConfig config) throws Exception {
        return TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx), config);
    }

    private static void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Redis stopped (after a snapshot of everything it holds) and started on the same port with appendonly no. */
    private static void restartWithoutAppendOnly(TestRedis redis) throws Exception {
        assertThat(redis.command("SAVE")).isEqualTo("+OK");
        redis.stop();
        redis.startAgainWithoutAppendOnly();
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(Journals.class)).addAppender(log);
        return log;
    }

    private static List<String> messages(ListAppender<ILoggingEvent> log, Level level) {
        synchronized (log.list) {
            return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    @Test
    void shouldRefuseCommandsWhileRedisCameBackUnsafeAndServeAgainByItselfOnceItIsSafe(Vertx vertx,
            @TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            Map<Long, String> acknowledged = new LinkedHashMap<>();
            JsonObject lineBefore;
            try (TestServer s = start(vertx, config(dir, redis))) {
                for (int i = 0; i < 3; i++) {
                    JsonObject t = s.issue("A");
                    acknowledged.put(t.getLong("id"), t.getString("number"));
                }
                lineBefore = s.queue();

                restartWithoutAppendOnly(redis);

                HttpResponse<Buffer> refused = s.post(TICKETS, KIOSK, new JsonObject().put("category", "A"));
                assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
                assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code"))
                        .isEqualTo("JOURNAL_UNAVAILABLE");
                await("ready says which setting is wrong", () -> {
                    var r = s.get("/health/ready", null);
                    return r.statusCode() == 503 && r.bodyAsString().contains("JOURNAL_UNAVAILABLE")
                            && r.bodyAsString().contains("appendonly no");
                }, 20);
                Thread.sleep(1_500); // the hall tries to resume every 500 ms: each attempt reads the settings again
                for (int i = 0; i < 3; i++) {
                    HttpResponse<Buffer> again = s.post(TICKETS, KIOSK, new JsonObject().put("category", "A"));
                    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(503);
                    assertThat(again.bodyAsString()).contains("JOURNAL_UNAVAILABLE").contains("appendonly no");
                }
                List<String> errors = messages(log, Level.ERROR).stream()
                        .filter(m -> m.contains("appendonly no")).toList();
                assertThat(errors).as("the unsafe Redis logged once").hasSize(1);
                assertThat(errors.get(0)).contains("can lose events it acknowledged").contains("memory only")
                        .contains("--redis-accept-loss");

                // Redis writes its first append-only file in the background, slowly here (a second a key):
                // what it acknowledges meanwhile is in memory only, though its settings say appendonly yes
                assertThat(redis.command("CONFIG", "SET", "rdb-key-save-delay", "1000000")).isEqualTo("+OK");
                assertThat(redis.command("CONFIG", "SET", "appendfsync", "always")).isEqualTo("+OK");
                assertThat(redis.command("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK");
                Thread.sleep(1_200); // two attempts to resume
                assertThat(redis.command("INFO", "persistence")).as("Redis still writes its file")
                        .contains("aof_rewrite_in_progress:1");
                HttpResponse<Buffer> writing = s.get("/health/ready", null);
                assertThat(writing.statusCode()).as(writing.bodyAsString()).isEqualTo(503);
                assertThat(writing.bodyAsString()).contains("first append-only file");
                await("the hall serves again by itself", () -> s.get("/health/ready", null).statusCode() == 200,
                        30);
                assertThat(redis.command("INFO", "persistence")).as("once Redis wrote its file")
                        .contains("aof_rewrite_in_progress:0");
                assertThat(s.queue()).as("nothing of the refused commands in the line").isEqualTo(lineBefore);
                JsonObject next = s.issue("A");
                assertThat(next.getString("number")).isEqualTo("A004");
                acknowledged.put(next.getLong("id"), next.getString("number"));
                for (var e : acknowledged.entrySet()) {
                    var r = s.get(TICKETS + "/" + e.getKey(), KIOSK);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo(e.getValue());
                }
            }

            // Redis's append-only file, written since CONFIG SET, holds every acknowledged ticket
            redis.stop();
            redis.startAgain();
            try (TestServer restarted = start(vertx, config(dir, redis))) {
                for (var e : acknowledged.entrySet()) {
                    var r = restarted.get(TICKETS + "/" + e.getKey(), KIOSK);
                    assertThat(r.statusCode()).as("ticket " + e.getValue() + " after restarting both").isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo(e.getValue());
                }
                assertThat(restarted.issue("A").getString("number")).isEqualTo("A005");
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(Journals.class)).detachAppender(log);
        }
    }

    @Test
    void shouldServeOnARedisThatCameBackUnsafeWhenTheOperatorAcceptsTheLossAndWarnOnce(Vertx vertx,
            @TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            try (TestServer s = start(vertx, config(dir, redis).withRedisAcceptLoss(true))) {
                assertThat(s.issue("A").getString("number")).isEqualTo("A001");
                assertThat(messages(log, Level.WARN)).as("a safe Redis at start").isEmpty();

                restartWithoutAppendOnly(redis);

                await("a ticket issued on the Redis that came back", () -> s.post(TICKETS, KIOSK,
                        new JsonObject().put("category", "A")).statusCode() == 201, 20);
                for (int i = 0; i < 5; i++) {
                    s.issue("B");
                }
                assertThat(s.get("/health/ready", null).statusCode()).isEqualTo(200);
                List<String> warnings = messages(log, Level.WARN);
                assertThat(warnings).as("one warning for the Redis that came back").hasSize(1);
                assertThat(warnings.get(0)).contains("can lose events it acknowledged").contains("memory only")
                        .contains("--redis-accept-loss");
                assertThat(messages(log, Level.ERROR)).noneMatch(m -> m.contains("appendonly"));
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(Journals.class)).detachAppender(log);
        }
    }
}
