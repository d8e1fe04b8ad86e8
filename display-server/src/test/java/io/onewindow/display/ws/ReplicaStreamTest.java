package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.journal.Journal;
import io.onewindow.display.store.RedisJournal;
import io.onewindow.display.store.TestRedis;
import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
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

/**
 * A read-only replica follows the owner's hall through Redis ({@link RedisJournal#follow}) into its own
 * dispatcher and serves the same display stream. Runs against a real Redis: {@code REDIS_URL}, else an embedded
 * one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaStreamTest {

    private static TestRedis redis;
    private static String redisUrl;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        redisUrl = redis.url();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void shouldServeTheOwnersEventsInOrderFromAReplica(Vertx vertx) throws Exception {
        HallDefinition hall = freshHall();
        Redis client = Redis.createClient(vertx, redisUrl);
        TestHall owner = new TestHall(hall, 1024, new RedisJournal(vertx, client, hall), false);
        owner.openWindows("1");
        owner.issue("A");
        TestHall replica = new TestHall(hall, 1024, new RedisJournal(vertx, client, hall), true);
        Journal.Following follower = replica.follow();
        StreamServer replicaServer = StreamServer.start(vertx, replica);
        Ws display = new Ws(vertx, replicaServer.port(), "/ws/v1/halls/" + hall.id() + "/display");
        JsonObject snapshot = display.next();

        List<Event> commands = new ArrayList<>();
        commands.add(owner.issue("B"));
        commands.add(owner.run(d -> d.callNext("1")));
        commands.add(owner.run(d -> d.start("1")));
        commands.add(owner.issue("C"));
        long last = commands.get(commands.size() - 1).seq();
        List<JsonObject> received = new ArrayList<>();
        while (received.isEmpty() || received.get(received.size() - 1).getLong("seq") < last) {
            received.add(display.next());
        }

        assertEquals("Snapshot", snapshot.getString("type"));
        long from = snapshot.getLong("seq");
        assertThat(from).as("the replica's snapshot is of a state the owner had").isLessThanOrEqualTo(2);
        assertThat(received).extracting(m -> m.getLong("seq"))
                .as("every event after the snapshot, in order, none twice")
                .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, last).boxed().toList());
        assertThat(received.subList(received.size() - commands.size(), received.size()))
                .extracting(m -> m.getString("type"))
                .containsExactly("TicketIssued", "TicketCalled", "ServiceStarted", "TicketIssued");
        JsonObject called = received.get(received.size() - 3);
        assertEquals("1号窗口", called.getString("window"));
        assertEquals(((Event.TicketCalled) commands.get(1)).ticket().number(), called.getString("number"));
        follower.close();
        owner.close();
        replica.close();
        client.close();
    }

    private static HallDefinition freshHall() {
        HallDefinition demo = HallDefinitions.demo();
        return new HallDefinition("r" + UUID.randomUUID().toString().substring(0, 8), demo.name(), demo.zone(),
                demo.open(), demo.close(), demo.maxWaitMinutes(), demo.priorityRatio(), demo.recallLimit(),
                demo.reinstateAfter(), demo.categories(), demo.windows());
    }
}
