package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.journal.Journal;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Redis journal under more than one connection's worth of load, and with more halls than a default pool. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisJournalFaultTest {

    private static final byte[] SALT = "onewindow-test-salt-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T01:00:00Z");

    private static TestRedis redis;
    private static Vertx vertx;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }

    private static HallDefinition freshHall() {
        HallDefinition demo = HallDefinitions.demo();
        return new HallDefinition("f" + UUID.randomUUID().toString().substring(0, 8), demo.name(), demo.zone(),
                demo.open(), demo.close(), demo.maxWaitMinutes(), demo.priorityRatio(), demo.recallLimit(),
                demo.reinstateAfter(), demo.categories(), demo.windows());
    }

    private static List<Event> issues(HallDefinition hall, int n) {
        LockFreeDispatcher d = new LockFreeDispatcher(hall, new VirtualClock(MONDAY_MORNING), new PersonKeys(SALT));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add((Event) d.issue(IssueRequest.of(List.of("A", "B", "C").get(i % 3))));
        }
        return events;
    }

    private static void appendAll(Journal journal, List<Event> events, long seconds) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Event e : events) {
            acks.add(journal.append(e));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
    }

    @Test
    void shouldJournalMoreWaitingCommandsThanTheClientsQueueOfAnswersHolds() throws Exception {
        HallDefinition hall = freshHall();
        Redis client = Redis.createClient(vertx, redis.url()); // the default options: 2,048 waiting answers
        List<Event> events = issues(hall, 6_000);
        try (RedisJournal journal = new RedisJournal(vertx, client, hall)) {
            journal.replay(e -> { });

            appendAll(journal, events, 60);

            assertThat(journal.durableSeq()).isEqualTo(6_000);
        }
        List<Event> replayed = new ArrayList<>();
        try (RedisJournal again = new RedisJournal(vertx, client, hall)) {
            again.replay(replayed::add);
        }
        assertThat(replayed).isEqualTo(events);
        client.close();
    }

    @Test
    void shouldServeMoreHallsThanADefaultPoolHoldsConnections(@TempDir Path dir) throws Exception {
        int halls = 9;
        JournalFactory journals = Journals.of(redis.url(), vertx, halls);
        List<Journal> opened = new ArrayList<>();
        try {
            for (int i = 0; i < halls; i++) {
                HallDefinition hall = freshHall();
                Journal journal = journals.open(hall, dir);
                opened.add(journal);
                journal.replay(e -> { });
                appendAll(journal, issues(hall, 20), 20); // each hall's writer now holds its connection
            }
            assertThat(opened).allSatisfy(j -> assertThat(j.durableSeq()).isEqualTo(20));
        } finally {
            opened.forEach(Journal::close);
        }
    }
    /**
     * A blip (a Redis restart, a network drop) also kills the idle connections in the client's pool, and the client
     * learns that only when it next uses one: the reconnection after the lost connection may be handed such a dead
     * connection. That is no second loss of the appends (nothing was sent on it): the journal connects again and
     * sends them, and none of them fails.
     */
    @Test
    void shouldSendAgainOnALiveConnectionWhenThePoolHandsOutOneThatDiedInTheSameBlip() throws Exception {
        HallDefinition hall = freshHall();
        List<Event> events = issues(hall, 20);
        try (StaleRelay relay = new StaleRelay(redis.url())) {
            Redis client = Redis.createClient(vertx, relay.url());
            try (RedisJournal journal = new RedisJournal(vertx, client, hall)) {
                journal.replay(e -> { });
                appendAll(journal, events.subList(0, 10), 20); // the journal holds its connection now
                List<RedisConnection> idle = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    idle.add(client.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
                }
                for (RedisConnection c : idle) {
                    c.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // back to the pool
                }

                relay.dropSilently(); // the journal's connection and every pooled one, unknown to the client

                appendAll(journal, events.subList(10, 20), 30);

                assertThat(journal.failure()).as("a blip costs nothing").isNull();
                assertThat(journal.durableSeq()).isEqualTo(20);
            }
            List<Event> replayed = new ArrayList<>();
            Redis direct = Redis.createClient(vertx, redis.url());
            try (RedisJournal again = new RedisJournal(vertx, direct, hall)) {
                again.replay(replayed::add);
            }
            assertThat(replayed).as("every event once, in order").isEqualTo(events);
            direct.close();
            client.close();
        }
    }
}
