package io.onewindow.evaluator.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis for the gateway's tests: an embedded Redis server on a free loopback port, with the append-only
 * file fsynced on every write (appendfsync always) in a folder of the test, so that it can be stopped and started
 * again with what it acknowledged.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private RedisServer server;

    private TestRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static TestRedis start(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestRedis r = new TestRedis(port, dir);
        r.startAgain();
        return r;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port and data folder. */
    public void startAgain() throws IOException {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly yes").setting("appendfsync always").setting("dir " + dir.toAbsolutePath())
                .build();
        server.start();
    }

    public void stop() throws IOException {
        server.stop();
    }

    @Override
    public void close() throws IOException {
        if (server != null && server.isActive()) {
            server.stop();
        }
    }
}
