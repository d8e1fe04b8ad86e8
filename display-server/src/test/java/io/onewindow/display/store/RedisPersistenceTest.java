package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
