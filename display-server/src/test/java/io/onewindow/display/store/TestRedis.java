package io.onewindow.display.store;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real Redis for the tests: the one at {@code REDIS_URL} when set, else an embedded Redis server started on a
 * free port of the loopback interface. Tests use a fresh hall id each, so they never see each other's keys.
 */
public final class TestRedis implements AutoCloseable {

    private final RedisServer server;
    private final String url;

    private TestRedis(RedisServer server, String url) {
        this.server = server;
        this.url = url;
    }

    public static TestRedis start() throws IOException {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            return new TestRedis(null, env);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new TestRedis(server, "redis://127.0.0.1:" + port);
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.stop();
        }
    }
}
