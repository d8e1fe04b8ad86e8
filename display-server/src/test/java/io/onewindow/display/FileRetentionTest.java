package io.onewindow.display;

import static io.onewindow.display.TestServer.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.Retention;
import io.onewindow.display.store.Journals;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of the embedded file journal ({@code --retention-days} without {@code --redis}): the days older than
 * the setting are dropped at start and after a day close by compacting {@code journal.log} behind a checkpoint,
 * and the hall stays the same: the line, the numbers, and after a restart the next number.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FileRetentionTest {

    private static final HallDefinition DEMO = HallDefinitions.demo();
    private static final EventCodec CODEC = new EventCodec(DEMO);
    private static final LocalDate TODAY = LocalDate.now(DEMO.zone());

    private static TestServer start(Vertx vertx, Path dir, int retentionDays) throws Exception {
        return TestServer.start(vertx, dir, Journals.embedded(), ServerConfig.embedded(dir)
                .withRetentionDays(retentionDays));
    }

    /**
     * Journals four past days of the demo hall into its file, as a server running on those days would have: six,
     * five and four days ago and yesterday; each day closes the one before, issues tickets in A and B, serves some
     * and leaves window 1 holding a called ticket overnight. Returns the last event's sequence number.
     */
    private static long journalPastDays(Path dir) throws Exception {
        VirtualClock clock = new VirtualClock(TODAY.minusDays(6).atTime(9, 0).atZone(DEMO.zone()).toInstant());
        Dispatcher d = new LockFreeDispatcher(DEMO, clock,
                new PersonKeys("another salt for the past days".getBytes(StandardCharsets.UTF_8)));
        List<Outcome> outcomes = new ArrayList<>();
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
        try (FileJournal journal = FileJournal.forHall(dir, DEMO)) {
            journal.replay(e -> { });
            for (Outcome o : outcomes) {
                assertThat(o).as("a past day's command").isInstanceOf(Event.class);
                journal.append((Event) o).get(10, TimeUnit.SECONDS);
                last = ((Event) o).seq();
            }
        }
        return last;
    }

    /** The local days of the events in the hall's file (after its checkpoint, if any). */
    private static List<String> days(Path dir) throws Exception {
        List<String> days = new ArrayList<>();
        FileJournal.read(FileJournal.path(dir, DEMO.id()), CODEC, e -> {
            String day = Retention.dayOf(DEMO, e).toString();
            if (days.isEmpty() || !days.get(days.size() - 1).equals(day)) {
                days.add(day);
            }
        });
        return days;
    }

    /** The sequence number of the checkpoint the hall's file begins with, 0 if none. */
    private static long checkpointSeq(Path dir) throws Exception {
        AtomicLong seq = new AtomicLong();
        FileJournal.read(FileJournal.path(dir, DEMO.id()), CODEC, (HallCheckpoint cp) -> seq.set(cp.seq()), e -> { });
        return seq.get();
    }

    private static void awaitDays(Path dir, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!days(dir).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(days(dir)).as("the days the file keeps").isEqualTo(expected);
    }

    private static List<String> daysBack(int... back) {
        List<String> out = new ArrayList<>();
        for (int b : back) {
            out.add(TODAY.minusDays(b).toString());
        }
        return out;
    }

    /** How many completed services the server's evaluator gateway knows of in the demo hall. */
    private static long servicesKnown(TestServer server) {
        long n = 0;
        for (String line : server.server().evaluator().prometheus().await().split("\n")) {
            if (line.startsWith("onewindow_services_completed_total{hall=\"demo\"")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    private static long awaitServices(TestServer server, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (servicesKnown(server) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return servicesKnown(server);
    }

    private static int serial(JsonObject ticket) {
        return Integer.parseInt(ticket.getString("number").substring(1));
    }

    @Test
    void shouldDropTheDaysPastRetentionAtStartAndAfterADayCloseAndRecoverTheSameHallWithTheNextNumber(
            Vertx vertx, @TempDir Path dir) throws Exception {
        long pastSeq = journalPastDays(dir);
        JsonObject lineBefore;
        JsonObject lastIssued;
        try (TestServer keepingAll = start(vertx, dir, 0)) {
            assertThat(keepingAll.queue().getLong("seq")).as("start-up close of yesterday").isEqualTo(pastSeq + 1);
            keepingAll.issue("A");
            keepingAll.issue("B");
            lastIssued = keepingAll.issue("A");
            assertThat(keepingAll.post("/api/v1/halls/demo/windows/2/complete", TestServer.window("2"))
                    .statusCode()).as("yesterday's service completed").isEqualTo(200);
            assertThat(keepingAll.post("/api/v1/halls/demo/windows/2/call-next", TestServer.window("2"))
                    .statusCode()).isEqualTo(200);
            lineBefore = keepingAll.queue();
            // the evaluator caught up from the whole file: a service on each past day and on each of the closes
            // of days 5, 4 and 1 (the one left started overnight), and today's completion
            assertThat(awaitServices(keepingAll, 8)).as("services the evaluator opened").isEqualTo(8);
        }
        assertThat(days(dir)).as("0 keeps every day").isEqualTo(daysBack(6, 5, 4, 1, 0));
        assertThat(checkpointSeq(dir)).isZero();

        JsonObject lineAfterClose;
        JsonObject issuedAfterTrim;
        try (TestServer server = start(vertx, dir, 2)) {
            awaitDays(dir, daysBack(1, 0));
            assertThat(checkpointSeq(dir)).as("the checkpoint at the last event of four days ago").isPositive();
            assertThat(Files.exists(dir.resolve("demo/journal.log.compact"))).isFalse();
            assertThat(server.queue()).as("the line after dropping old days").isEqualTo(lineBefore);
            issuedAfterTrim = server.issue("A");
            assertThat(serial(issuedAfterTrim)).as("today's numbers go on").isEqualTo(serial(lastIssued) + 1);
            assertThat(issuedAfterTrim.getLong("id")).isEqualTo(lastIssued.getLong("id") + 1);

            // a day later by the retention's clock, the next day close drops yesterday too
            server.server().halls().hall("demo").retainDays(2, Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
            HttpResponse<Buffer> closed = server.post("/api/v1/halls/demo/close-day", MANAGER);
            assertThat(closed.statusCode()).as(closed.bodyAsString()).isEqualTo(200);
            awaitDays(dir, daysBack(0));
            JsonObject afterDrop = server.issue("B"); // appends go on into the compacted file
            assertThat(afterDrop.getLong("id")).isEqualTo(issuedAfterTrim.getLong("id") + 1);
            lineAfterClose = server.queue();
            assertThat(awaitServices(server, 8)).as("the evaluator keeps the services of the dropped days")
                    .isEqualTo(8);
        }

        try (TestServer restarted = start(vertx, dir, 2)) {
            assertThat(restarted.queue()).as("the line recovered from the checkpoint and today's events")
                    .isEqualTo(lineAfterClose);
            JsonObject next = restarted.issue("A");
            assertThat(serial(next)).as("no number given twice").isEqualTo(serial(issuedAfterTrim) + 1);
            assertThat(next.getLong("id")).isEqualTo(issuedAfterTrim.getLong("id") + 2);
            assertThat(restarted.get("/health/ready", null).statusCode()).isEqualTo(200);
            // it catches up from the checkpoint's kept day only, and its store still holds every service once
            assertThat(awaitServices(restarted, 8)).as("services after a start from the checkpoint").isEqualTo(8);
        }
    }
}
