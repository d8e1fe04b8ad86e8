package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis journal after Redis made events durable but their answers were lost and Redis could not be reached
 * again: the appends fail, the journal reads back what Redis holds (those events included: they stand, and the
 * durable listeners hear of them then), and resumes after them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisJournalResumeTest {

    private static final byte[] SALT = "onewindow-test-salt-0123456789".getBytes(StandardCharsets.UTF_8);

    /** A TCP relay to Redis that a test can make swallow Redis's answers and turn new connections away. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket();
        private final int target;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile boolean swallowing;
        private volatile boolean refusing;

        Relay(int target) throws IOException {
            this.target = target;
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::accept, "relay-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (refusing) {
                        client.close();
                        continue;
                    }
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(server);
                    pump(client, server, false);
                    pump(server, client, true);
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void pump(Socket from, Socket to, boolean answers) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (!(answers && swallowing)) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // one side closed
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        /** Closes every relayed connection: what a network does to a connection that lost its answers. */
        void cut() throws IOException {
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void shouldKeepEventsRedisMadeDurableWhoseAnswersWereLostAndResumeAfterThem() throws Exception {
        HallDefinition demo = HallDefinitions.demo();
        LockFreeDispatcher d = new LockFreeDispatcher(demo, new VirtualClock(Instant.parse("2026-11-23T01:00:00Z")),
                new PersonKeys(SALT));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            events.add((Event) d.issue(IssueRequest.of("A")));
        }
        Vertx vertx = Vertx.vertx();
        try (TestRedis redis = TestRedis.startEmbedded(true);
             Relay relay = new Relay(Integer.parseInt(redis.url().substring(redis.url().lastIndexOf(':') + 1)))) {
            Redis client = Redis.createClient(vertx, "redis://127.0.0.1:" + relay.port());
            RedisJournal journal = new RedisJournal(vertx, client, demo);
            journal.replay(e -> { });
            List<Event> told = new CopyOnWriteArrayList<>();
            journal.addDurableListener(told::add);
            for (Event e : events.subList(0, 5)) {
                journal.append(e).get(10, TimeUnit.SECONDS);
            }

            relay.swallowing = true; // Redis runs the next scripts, their answers never come back
            relay.refusing = true;   // and Redis cannot be reached again
            List<CompletableFuture<Void>> lost = new ArrayList<>();
            for (Event e : events.subList(5, 8)) {
                lost.add(journal.append(e));
            }
            Redis direct = Redis.createClient(vertx, redis.url());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"8".equals(String.valueOf(direct.send(Request.cmd(Command.GET).arg("ow:{demo}:seq"))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            relay.cut();
            for (CompletableFuture<Void> f : lost) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            }
            assertThat(journal.failure()).as("the journal says it failed").isNotNull();
            assertThat(journal.durableSeq()).isEqualTo(5);
            assertThatThrownBy(() -> journal.append(events.get(8)).get(10, TimeUnit.SECONDS))
                    .as("refused at once while failed").isInstanceOf(ExecutionException.class);
            assertThatThrownBy(journal::resumeAfterFailure).isInstanceOf(IOException.class);

            relay.swallowing = false;
            relay.refusing = false;
            List<Event> durable = new ArrayList<>();
            journal.readDurable(durable::add);
            journal.resumeAfterFailure();
            journal.append(events.get(8)).get(10, TimeUnit.SECONDS);

            assertThat(durable).as("what Redis holds, the events whose answers were lost included")
                    .isEqualTo(events.subList(0, 8));
            assertThat(told).as("each durable event told once, in order").isEqualTo(events);
            assertThat(journal.failure()).isNull();
            List<Event> replayed = new ArrayList<>();
            try (RedisJournal again = new RedisJournal(vertx, direct, demo)) {
                again.replay(replayed::add);
            }
            assertThat(replayed).isEqualTo(events);
            journal.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
