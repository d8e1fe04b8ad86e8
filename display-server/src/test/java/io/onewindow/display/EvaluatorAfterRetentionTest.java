package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.TokenFile;
import io.onewindow.evaluator.store.EntryCodec;
import io.onewindow.evaluator.store.RedisEvaluationStore;
import io.onewindow.evaluator.store.RedisHallFeed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The standalone evaluator ({@code onewindow evaluator --redis URL}) beside a hall whose retention dropped days:
 * one that fell behind the kept days reads on from the oldest kept day, opens every service of the kept days
 * once, and says which days it could not read; one whose last day is kept reads on as before, without a word.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EvaluatorAfterRetentionTest {

    private static final HallDefinition DEMO = HallDefinitions.demo();
    private static final LocalDate TODAY = LocalDate.now(DEMO.zone());
    private static final String TOKENS = """
            {"tokens":[{"token":"kiosk-token-0123456789","role":"kiosk"},
             {"token":"pad1-token-0123456789","role":"pad","window":"1"}]}
            """;

    /** Past days of the demo hall journaled straight into Redis, as a server running on them would have. */
    private static final class PastDays {
        final VirtualClock clock = new VirtualClock(TODAY.minusDays(30).atTime(9, 0).atZone(DEMO.zone()).toInstant());
        final Dispatcher d = new LockFreeDispatcher(DEMO, clock,
                new PersonKeys("a salt for the past days".getBytes(StandardCharsets.UTF_8)));
        boolean first = true;

        /** Each day: the day before closed, window 1 opened, three services, window 1 closed. Their seqs. */
        List<Long> journal(Vertx vertx, TestRedis redis, int... back) throws Exception {
            Redis client = Redis.createClient(vertx, redis.url());
            RedisJournal journal = new RedisJournal(vertx, client, DEMO);
            List<Long> services = new ArrayList<>();
            try {
                for (int b : back) {
                    clock.setMillis(TODAY.minusDays(b).atTime(9, 0).atZone(DEMO.zone()).toInstant().toEpochMilli());
                    List<Outcome> outcomes = new ArrayList<>();
                    if (!first) {
                        outcomes.add(d.closeDay());
                    }
                    first = false;
                    outcomes.add(d.openWindow("1", new Staff("0571", "王营定")));
                    for (int i = 0; i < 3; i++) {
                        outcomes.add(d.issue(IssueRequest.of("A")));
                        clock.advanceMillis(60_000);
                        outcomes.add(d.callNext("1"));
                        outcomes.add(d.start("1"));
                        clock.advanceMillis(60_000);
                        outcomes.add(d.complete("1"));
                    }
                    outcomes.add(d.closeWindow("1"));
                    for (Outcome o : outcomes) {
                        assertThat(o).as("a past day's command").isInstanceOf(Event.class);
                        journal.append((Event) o).get(10, TimeUnit.SECONDS);
                        if (o instanceof Event.ServiceCompleted done) {
                            services.add(done.seq());
                        }
                    }
                }
                return services;
            } finally {
                journal.close();
                client.close();
            }
        }

        /** One more service today, window 1 opened for it and closed after; its seq. */
        long serveNow(Vertx vertx, TestRedis redis) throws Exception {
            clock.setMillis(TODAY.atTime(15, 0).atZone(DEMO.zone()).toInstant().toEpochMilli());
            Redis client = Redis.createClient(vertx, redis.url());
            RedisJournal journal = new RedisJournal(vertx, client, DEMO);
            try {
                long seq = 0;
                for (Outcome o : List.of(d.openWindow("1", new Staff("0632", "李晓明")), d.issue(IssueRequest.of("A")),
                        d.callNext("1"), d.start("1"), d.complete("1"), d.closeWindow("1"))) {
                    assertThat(o).isInstanceOf(Event.class);
                    journal.append((Event) o).get(10, TimeUnit.SECONDS);
                    if (o instanceof Event.ServiceCompleted done) {
                        seq = done.seq();
                    }
                }
                return seq;
            } finally {
                journal.close();
                client.close();
            }
        }

        /** Retention as the hall's owner runs it: the days before {@code keepFrom} dropped behind a checkpoint. */
        int dropDaysBefore(Vertx vertx, TestRedis redis, LocalDate keepFrom) throws Exception {
            Redis client = Redis.createClient(vertx, redis.url());
            RedisJournal journal = new RedisJournal(vertx, client, DEMO);
            try {
                return journal.dropDaysBefore(keepFrom);
            } finally {
                journal.close();
                client.close();
            }
        }
    }

    private static EvaluatorCommand.Running evaluator(Vertx vertx, TestRedis redis, Path dir) throws Exception {
        Path tokens = dir.resolve("evaluator-tokens.json");
        Files.writeString(tokens, TOKENS);
        return EvaluatorCommand.start(vertx, List.of(DEMO), redis.url(), TokenFile.read(tokens), "127.0.0.1", 0)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void stop(EvaluatorCommand.Running evaluator) throws Exception {
        evaluator.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The service ids of the Opened entries in the hall's evaluation stream, in order, duplicates kept. */
    private static List<String> opened(Vertx vertx, TestRedis redis) throws Exception {
        Redis client = Redis.createClient(vertx, redis.url());
        try {
            List<String> out = new ArrayList<>();
            Response page = Future.await(client.send(Request.cmd(Command.XRANGE)
                    .arg(RedisEvaluationStore.streamKey(DEMO.id())).arg("-").arg("+")));
            for (Response entry : page) {
                if (EntryCodec.decode(entry.get(1).get(1).toString()) instanceof Entry.Opened o) {
                    out.add(o.service().serviceId());
                }
            }
            return out;
        } finally {
            client.close();
        }
    }

    /** Waits until the evaluation stream holds every expected service, then a little more for any extra. */
    private static List<String> awaitOpened(Vertx vertx, TestRedis redis, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Set.copyOf(opened(vertx, redis)).containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1_000); // a service opened twice, or one that should not be, would show by now
        return opened(vertx, redis);
    }

    private static Set<String> ids(List<Long> seqs) {
        Set<String> out = new LinkedHashSet<>();
        for (long seq : seqs) {
            out.add(ServiceRecord.serviceId(DEMO.id(), seq));
        }
        return out;
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(RedisHallFeed.class)).addAppender(log);
        return log;
    }

    private static void release(ListAppender<ILoggingEvent> log) {
        ((Logger) LoggerFactory.getLogger(RedisHallFeed.class)).detachAppender(log);
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> log) {
        synchronized (log.list) {
            return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    @Test
    void shouldReadOnFromTheOldestKeptDayOpenEveryKeptServiceOnceAndSayWhichDaysItCouldNotRead(Vertx vertx,
            @TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            PastDays hall = new PastDays();
            Set<String> day4 = ids(hall.journal(vertx, redis, 4));
            EvaluatorCommand.Running first = evaluator(vertx, redis, dir);
            assertThat(awaitOpened(vertx, redis, day4)).as("the services of 4 days ago").containsExactlyElementsOf(day4);
            stop(first);

            // the evaluator is down while the hall serves three more days and today; retention 2 drops 4 to 2 days ago
            Set<String> dropped = ids(hall.journal(vertx, redis, 3, 2));
            Set<String> kept = ids(hall.journal(vertx, redis, 1, 0));
            assertThat(hall.dropDaysBefore(vertx, redis, TODAY.minusDays(1))).as("days dropped").isEqualTo(3);

            EvaluatorCommand.Running again = evaluator(vertx, redis, dir);
            Set<String> all = new LinkedHashSet<>(day4);
            all.addAll(kept);
            List<String> opened = awaitOpened(vertx, redis, all);
            assertThat(opened).as("every service of the kept days opened once, after those it had")
                    .containsExactlyInAnyOrderElementsOf(all).doesNotHaveDuplicates();
            assertThat(opened).doesNotContainAnyElementsOf(dropped);

            // it follows on: a service completed now is opened too
            all.add(ServiceRecord.serviceId(DEMO.id(), hall.serveNow(vertx, redis)));
            assertThat(awaitOpened(vertx, redis, all)).containsExactlyInAnyOrderElementsOf(all);

            List<String> said = warnings(log);
            assertThat(said).as("the days it could not read, said once").hasSize(1);
            assertThat(said.get(0)).contains(TODAY.minusDays(4) + " to " + TODAY.minusDays(2))
                    .contains("reads on from the oldest day kept, " + TODAY.minusDays(1));
            stop(again);
        } finally {
            release(log);
        }
    }

    @Test
    void shouldReadOnFromItsLastDayWithoutAWordWhenThatDayIsKeptBehindACheckpoint(Vertx vertx, @TempDir Path dir)
            throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            PastDays hall = new PastDays();
            Set<String> all = ids(hall.journal(vertx, redis, 4, 1));
            EvaluatorCommand.Running first = evaluator(vertx, redis, dir);
            assertThat(awaitOpened(vertx, redis, all)).containsExactlyElementsOf(all);
            stop(first);

            assertThat(hall.dropDaysBefore(vertx, redis, TODAY.minusDays(1))).as("days dropped").isEqualTo(1);
            all.addAll(ids(hall.journal(vertx, redis, 0)));

            EvaluatorCommand.Running again = evaluator(vertx, redis, dir);
            List<String> opened = awaitOpened(vertx, redis, all);
            assertThat(opened).as("today's services opened, none of the kept day twice")
                    .containsExactlyInAnyOrderElementsOf(all).doesNotHaveDuplicates();
            assertThat(warnings(log)).as("nothing it could not read").isEmpty();
            stop(again);
        } finally {
            release(log);
        }
    }
}
