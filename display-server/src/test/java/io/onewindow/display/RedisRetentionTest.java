package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import io.onewindow.display.store.RedisJournal;
import io.onewindow.display.store.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of the Redis journal ({@code --retention-days}): the streams of days older than the setting are
 * dropped at start and after a day close, behind a checkpoint of the hall, and the hall stays the same: a restart
 * recovers the same line and gives the next number, a replica started after the drop shows the same line, and a
 * Redis that really lost the hall's events is still told apart from one that dropped old days.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisRetentionTest {

    private static final HallDefinition DEMO = HallDefinitions.demo();
    private static final String TICKETS = "/api/v1/halls/demo/tickets";
    private static final LocalDate TODAY = LocalDate.now(DEMO.zone());

    private static ServerConfig config(Path dir, TestRedis redis, int retentionDays) {
        return new ServerConfig("127.0.0.1", 0, dir, List.of(), redis.url(), null, 1).withRetentionDays(retentionDays);
    }

    private static TestServer start(Vertx vertx, ServerConfig config) throws Exception {
        return TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx), config);
    }

    /**
     * Journals four past days of the demo hall straight into Redis, as a server running on those days would have:
     * six, five and four days ago and yesterday; each day closes the one before, issues tickets in A and B,
     * serves some and leaves window 1 holding a called ticket overnight. Returns the last event's sequence number.
     */
    private static long journalPastDays(Vertx vertx, TestRedis redis) throws Exception {
        Redis client = Redis.createClient(vertx, redis.url());
        VirtualClock clock = new VirtualClock(TODAY.minusDays(6).atTime(9, 0).atZone(DEMO.zone()).toInstant());
        Dispatcher d = new LockFreeDispatcher(DEMO, clock,
                new PersonKeys("another salt for the past days".getBytes(StandardCharsets.UTF_8)));
        RedisJournal journal = new RedisJournal(vertx, client, DEMO);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (int back : new int[] {6, 5, 4, 1}) {
                clock.setMillis(TODAY.minusDays(back).atTime(9, 0).atZone(DEMO.zone()).toInstant().toEpochMilli());
                if (back != 6) {
                    outcomes.add(d.closeDay());
                    outcomes.add(d.complete("2"));
                    outcomes.add(d.closeWindow("2"));
                }
                outcomes.add(d.openWindow("2", new Staff("0632", "李晓明")));
                if (back == 6) {
                    outcomes.add(d.openWindow("1", new Staff("0571", "王营定")));
                } else {
                    outcomes.add(d.noShow("1"));
                }
                for (int i = 0; i < 5; i++) {
                    outcomes.add(d.issue(IssueRequest.of(i % 2 == 0 ? "A" : "B")));
                    clock.advanceMillis(60_000);
                }
                outcomes.add(d.callNext("2"));
                outcomes.add(d.start("2"));
                outcomes.add(d.complete("2"));
                outcomes.add(d.callNext("2"));
                outcomes.add(d.start("2"));
                outcomes.add(d.callNext("1")); // held overnight
            }
            long last = 0;
            for (Outcome o : outcomes) {
                assertThat(o).as("a past day's command").isInstanceOf(Event.class);
                journal.append((Event) o).get(10, TimeUnit.SECONDS);
                last = ((Event) o).seq();
            }
            return last;
        } finally {
            journal.close();
            client.close();
        }
    }

    private static Response redis(Vertx vertx, TestRedis redis, Request request) throws Exception {
        Redis client = Redis.createClient(vertx, redis.url());
        try {
            return Future.await(client.send(request));
        } finally {
            client.close();
        }
    }

    private static List<String> days(Vertx vertx, TestRedis redis) throws Exception {
        List<String> days = new ArrayList<>();
        for (Response r : redis(vertx, redis, Request.cmd(Command.ZRANGE).arg("ow:{demo}:days").arg(0).arg(-1))) {
            days.add(r.toString());
        }
        return days;
    }

    private static boolean streamExists(Vertx vertx, TestRedis redis, LocalDate day) throws Exception {
        return redis(vertx, redis, Request.cmd(Command.EXISTS).arg("ow:{demo}:events:" + day)).toInteger() == 1;
    }

    private static void awaitDays(Vertx vertx, TestRedis redis, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!days(vertx, redis).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(days(vertx, redis)).as("the days Redis keeps").isEqualTo(expected);
    }

    private static List<String> daysBack(int... back) {
        List<String> out = new ArrayList<>();
        for (int b : back) {
            out.add(TODAY.minusDays(b).toString());
        }
        return out;
    }

    private static int serial(JsonObject ticket) {
        return Integer.parseInt(ticket.getString("number").substring(1));
    }

    @Test
    void shouldDropTheDaysPastRetentionAtStartAndAfterADayCloseAndRecoverTheSameHallWithTheNextNumber(
            Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            long pastSeq = journalPastDays(vertx, redis);
            JsonObject lineBefore;
            JsonObject lastIssued;
            try (TestServer keepingAll = start(vertx, config(dir, redis, 0))) {
                assertThat(keepingAll.queue().getLong("seq")).as("start-up close of yesterday")
                        .isEqualTo(pastSeq + 1);
                keepingAll.issue("A");
                keepingAll.issue("B");
                lastIssued = keepingAll.issue("A");
                assertThat(keepingAll.post("/api/v1/halls/demo/windows/2/complete", TestServer.window("2"))
                        .statusCode()).as("yesterday's service completed").isEqualTo(200);
                assertThat(keepingAll.post("/api/v1/halls/demo/windows/2/call-next", TestServer.window("2"))
                        .statusCode()).isEqualTo(200);
                lineBefore = keepingAll.queue();
            }
            assertThat(days(vertx, redis)).as("0 keeps every day").isEqualTo(daysBack(6, 5, 4, 1, 0));

            JsonObject lineAfterClose;
            JsonObject issuedAfterTrim;
            try (TestServer server = start(vertx, config(dir, redis, 2))) {
                awaitDays(vertx, redis, daysBack(1, 0));
                for (int back : new int[] {6, 5, 4}) {
                    assertThat(streamExists(vertx, redis, TODAY.minusDays(back))).as("stream of %d days ago", back)
                            .isFalse();
                }
                assertThat(server.queue()).as("the line after dropping old days").isEqualTo(lineBefore);
                issuedAfterTrim = server.issue("A");
                assertThat(serial(issuedAfterTrim)).as("today's numbers go on").isEqualTo(serial(lastIssued) + 1);
                assertThat(issuedAfterTrim.getLong("id")).isEqualTo(lastIssued.getLong("id") + 1);

                // a day later by the retention's clock, the next day close drops yesterday too
                server.server().halls().hall("demo").retainDays(2, Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
                HttpResponse<Buffer> closed = server.post("/api/v1/halls/demo/close-day", MANAGER);
                assertThat(closed.statusCode()).as(closed.bodyAsString()).isEqualTo(200);
                awaitDays(vertx, redis, daysBack(0));
                assertThat(streamExists(vertx, redis, TODAY.minusDays(1))).isFalse();
                lineAfterClose = server.queue();
            }

            try (TestServer restarted = start(vertx, config(dir, redis, 2))) {
                assertThat(restarted.queue()).as("the line recovered from the checkpoint and today's stream")
                        .isEqualTo(lineAfterClose);
                JsonObject next = restarted.issue("A");
                assertThat(serial(next)).as("no number given twice").isEqualTo(serial(issuedAfterTrim) + 1);
                assertThat(next.getLong("id")).isEqualTo(issuedAfterTrim.getLong("id") + 1);
                assertThat(restarted.get("/health/ready", null).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldShowTheSameLineOnAReplicaStartedAfterTheDrop(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            journalPastDays(vertx, redis);
            try (TestServer owner = start(vertx, config(dir.resolve("owner"), redis, 1))) {
                owner.issue("A");
                awaitDays(vertx, redis, daysBack(0));
                ServerConfig replicaConfig = new ServerConfig("127.0.0.1", 0, dir.resolve("replica"), List.of(),
                        redis.url(), null, 1, true).withRetentionDays(1);
                try (TestServer replica = start(vertx, replicaConfig)) {
                    assertThat(replica.queue()).as("the replica's line").isEqualTo(owner.queue());
                    owner.issue("B");
                    JsonObject line = owner.queue();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!replica.queue().equals(line) && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(replica.queue()).as("the replica follows on").isEqualTo(line);
                    assertThat(replica.get("/health/ready", null).statusCode()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void shouldStillStopTheHallWhenRedisLostItsEventsAfterOldDaysWereDropped(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            journalPastDays(vertx, redis);
            long seq;
            try (TestServer first = start(vertx, config(dir, redis, 1))) {
                awaitDays(vertx, redis, daysBack(0));
                first.issue("A");
                seq = first.queue().getLong("seq");
            }
            // today's stream lost, the checkpoint left: Redis ends at the checkpoint, before the hall's last event
            redis(vertx, redis, Request.cmd(Command.DEL).arg("ow:{demo}:events:" + TODAY));
            redis(vertx, redis, Request.cmd(Command.ZREM).arg("ow:{demo}:days").arg(TODAY.toString()));
            Response held = redis(vertx, redis, Request.cmd(Command.HGET).arg("ow:{demo}:checkpoint").arg("s"));
            redis(vertx, redis, Request.cmd(Command.SET).arg("ow:{demo}:seq").arg(held.toString()));
            try (TestServer second = start(vertx, config(dir, redis, 1))) {
                HttpResponse<Buffer> issued = second.post(TICKETS, KIOSK, new JsonObject().put("category", "A"));
                assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(503);
                assertThat(issued.bodyAsJsonObject().getJsonObject("error").getString("code"))
                        .isEqualTo("JOURNAL_LOST_EVENTS");
                assertThat(second.get("/health/ready", null).bodyAsString()).contains("up to " + seq);
            }

            redis.stop();
            redis.startAgainWithoutItsFiles(); // nothing left: no checkpoint, no stream
            try (TestServer third = start(vertx, config(dir, redis, 1))) {
                HttpResponse<Buffer> issued = third.post(TICKETS, KIOSK, new JsonObject().put("category", "A"));
                assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(503);
                assertThat(issued.bodyAsJsonObject().getJsonObject("error").getString("code"))
                        .isEqualTo("JOURNAL_LOST_EVENTS");
            }
        }
    }
}
