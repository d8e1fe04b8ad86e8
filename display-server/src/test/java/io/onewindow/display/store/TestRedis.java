package io.onewindow.display.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * A real Redis for the tests: the one at {@code REDIS_URL} when set, else an embedded Redis server started on a
 * free port of the loopback interface. Tests use a fresh hall id each, so they never see each other's keys.
 *
 * <p>{@link #start()} keeps nothing on disk (enough for a journal's own tests); {@link #startDurable()} writes and
 * fsyncs its append-only file before it answers ({@code appendonly yes}, {@code appendfsync always}), which is what
 * the hall server requires of a Redis; a {@code REDIS_URL} Redis must be configured so for the server's tests.
 * {@link #startEmbedded} is always embedded, for tests that stop and start Redis again.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private final String url;
    private final Path dir;
    private RedisServer server;

    private TestRedis(int port, String url, Path dir) {
        this.port = port;
        this.url = url;
        this.dir = dir;
    }

    /** A Redis that keeps nothing on disk (or {@code REDIS_URL}). */
    public static TestRedis start() throws IOException {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            return new TestRedis(-1, env, null);
        }
        return startEmbedded(false);
    }

    /** A Redis with an append-only file fsynced before each answer (or {@code REDIS_URL}). */
    public static TestRedis startDurable() throws IOException {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            return new TestRedis(-1, env, null);
        }
        return startEmbedded(true);
    }

    /** An embedded Redis, durable (append-only, fsync always, in a folder of its own) or keeping nothing. */
    public static TestRedis startEmbedded(boolean durable) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestRedis r = new TestRedis(port, "redis://127.0.0.1:" + port, Files.createTempDirectory("onewindow-redis"));
        if (durable) {
            r.startAgain();
        } else {
            r.startAgainEmpty();
        }
        return r;
    }

    public String url() {
        return url;
    }

    /** Starts the embedded server (again) on the same port and folder, append-only with fsync always. */
    public void startAgain() throws IOException {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly yes").setting("appendfsync always").setting("dir " + dir.toAbsolutePath())
                .build();
        server.start();
    }

    /**
     * Starts the embedded server (again) on the same port, append-only with fsync always, but in a new empty
     * folder: a Redis whose files were lost (a disk replaced, a volume not mounted, a new machine).
     */
    public void startAgainWithoutItsFiles() throws IOException {
        Path empty = dir.resolve("new-" + System.nanoTime());
        Files.createDirectories(empty);
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly yes").setting("appendfsync always").setting("dir " + empty.toAbsolutePath())
                .build();
        server.start();
    }

    /**
     * Starts the embedded server (again) on the same port with nothing on disk and nothing kept: what a Redis
     * without persistence is after a restart.
     */
    public void startAgainEmpty() throws IOException {
        Path empty = dir.resolve("empty-" + System.nanoTime());
        Files.createDirectories(empty);
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").setting("dir " + empty.toAbsolutePath()).build();
        server.start();
    }

    /**
     * Starts the embedded server (again) on the same port and folder with {@code appendonly no} (and no snapshot
     * points): it loads the snapshot its folder holds ({@code SAVE} before stopping), and from then on keeps each
     * write in memory only, until {@code CONFIG SET} says otherwise.
     */
    public void startAgainWithoutAppendOnly() throws IOException {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").setting("dir " + dir.toAbsolutePath()).build();
        server.start();
    }

    /**
     * Sends one command to the embedded server on a connection of its own and returns the first line of its
     * answer (such as {@code +OK}, or {@code -ERR ...}), or the whole text of a bulk string (such as {@code INFO}'s).
     */
    public String command(String... args) throws IOException {
        if (port < 0) {
            throw new IllegalStateException("only the embedded Redis takes a test's commands");
        }
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            resp.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null || !line.startsWith("$") || line.startsWith("$-")) {
                return line;
            }
            char[] text = new char[Integer.parseInt(line.substring(1))]; // ASCII answers: one char a byte
            int n = 0;
            while (n < text.length) {
                int r = in.read(text, n, text.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(text, 0, n);
        }
    }

    /** Stops the embedded server. */
    public void stop() throws IOException {
        if (server == null) {
            throw new IllegalStateException("REDIS_URL's Redis cannot be stopped by a test");
        }
        server.stop();
    }

    @Override
    public void close() throws IOException {
        if (server != null && server.isActive()) {
            server.stop();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                // a file Redis still holds: the temporary folder is left behind
            }
        }
    }
}
