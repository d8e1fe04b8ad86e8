package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/** What OneWindow reads of a real Redis's persistence settings, and which it counts as safe. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisPersistenceTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Reads the persistence of an embedded Redis started with these settings. */
    private static RedisPersistence persistenceOf(Path dir, String... settings) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("dir " + dir);
        for (String setting : settings) {
            builder.setting(setting);
        }
        RedisServer server = builder.build();
        server.start();
        Redis client = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
        try {
            return RedisPersistence.read(client);
        } finally {
            client.close();
            server.stop();
        }
    }

    @Test
    void shouldCountAnAppendOnlyFileFsyncedOnEveryWriteAsSafe(@TempDir Path dir) throws Exception {
        RedisPersistence p = persistenceOf(dir, "save \"\"", "appendonly yes", "appendfsync always");

        assertThat(p.safe()).isTrue();
        assertThat(p.risk()).isEmpty();
        assertThat(p.settings()).contains("appendonly yes").contains("appendfsync always");
    }

    @Test
    void shouldSayThatARedisWithoutPersistenceLosesEverythingOnARestart(@TempDir Path dir) throws Exception {
        RedisPersistence p = persistenceOf(dir, "save \"\"", "appendonly no");

        assertThat(p.safe()).isFalse();
        assertThat(p.risk()).contains("memory only").contains("loses every event");
    }

    @Test
    void shouldSayThatSnapshotsOnlyLoseWhatCameSinceTheLast(@TempDir Path dir) throws Exception {
        RedisPersistence p = persistenceOf(dir, "save 3600 1", "appendonly no");

        assertThat(p.safe()).isFalse();
        assertThat(p.risk()).contains("only snapshots").contains("since its last snapshot");
    }

    @Test
    void shouldSayThatAnFsyncEverySecondLosesTheLastSeconds(@TempDir Path dir) throws Exception {
        RedisPersistence p = persistenceOf(dir, "save \"\"", "appendonly yes", "appendfsync everysec");

        assertThat(p.safe()).isFalse();
        assertThat(p.risk()).contains("appendfsync everysec").contains("two seconds");
    }

    @Test
    void shouldNotCountARedisThatRefusesConfigAsSafe(@TempDir Path dir) throws Exception {
        RedisPersistence p = persistenceOf(dir, "save \"\"", "appendonly yes", "appendfsync always",
                "rename-command CONFIG \"\"");

        assertThat(p.safe()).isFalse();
        assertThat(p.configRefused()).isTrue();
        assertThat(p.risk()).contains("refuses CONFIG GET").contains("append-only file is on");
    }

    /**
     * {@code CONFIG SET appendonly yes} lands between two of the reads (before the first, or after the first,
     * second or third): Redis then writes its first append-only file in the background, and until it is written
     * what it acknowledges is in its memory only. Whatever the moment, the reading never says "safe and writing no
     * file" (the hall would take commands again too early).
     */
    @Test
    void shouldNeverCountARedisSwitchedToAppendOnlyWhileItIsReadAsSafeBeforeItsFirstFileIsWritten()
            throws Exception {
        for (int before = 0; before <= 3; before++) {
            try (TestRedis redis = TestRedis.startEmbedded(false)) {
                assertThat(redis.command("SET", "onewindow-test", "a key for the file")).isEqualTo("+OK");
                assertThat(redis.command("CONFIG", "SET", "rdb-key-save-delay", "1000000")).isEqualTo("+OK");
                assertThat(redis.command("CONFIG", "SET", "appendfsync", "always")).isEqualTo("+OK");
                Redis client = Redis.createClient(vertx, redis.url());
                try {
                    int switchBefore = before;
                    AtomicInteger sent = new AtomicInteger();
                    RedisPersistence p = RedisPersistence.fetch(req -> sent.getAndIncrement() == switchBefore
                            ? client.send(Request.cmd(Command.CONFIG).arg("SET").arg("appendonly").arg("yes"))
                                    .compose(ok -> client.send(req))
                            : client.send(req)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

                    assertThat(sent.get()).as("four reads").isEqualTo(4);
                    assertThat(redis.command("INFO", "persistence")).as("Redis still writes its first file")
                            .contains("aof_rewrite_in_progress:1");
                    assertThat(p.safe() && !p.rewriting()).as("switched before read " + (before + 1) + ": "
                            + p.settings() + ", rewriting " + p.rewriting()).isFalse();
                } finally {
                    client.close();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!redis.command("INFO", "persistence").contains("aof_rewrite_in_progress:0")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50); // Redis exits on SIGTERM once its first file is written
                }
            }
        }
    }

    @Test
    void shouldFailWhenRedisDoesNotAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Redis client = Redis.createClient(vertx, "redis://127.0.0.1:" + port);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisPersistence.read(client))
                .isInstanceOf(IOException.class);
        client.close();
    }
}
