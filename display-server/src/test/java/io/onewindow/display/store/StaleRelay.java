package io.onewindow.display.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay to Redis whose connections a test can make die silently, as a Redis restart or a network blip leaves
 * a client's pooled connections: {@link #dropSilently()} makes every connection open now dead without telling the
 * client, which learns it when it next sends on it (the request goes nowhere and the connection is reset).
 * Connections opened afterwards work. For tests; thread-safe.
 */
final class StaleRelay implements AutoCloseable {

    private final ServerSocket listener = new ServerSocket();
    private final int target;
    /** Each client-side socket, and whether it is dead (its next request resets it). */
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();

    StaleRelay(String redisUrl) throws IOException {
        this.target = URI.create(redisUrl).getPort();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::accept, "stale-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** Every connection open now is dead from here on; the client is not told until it sends on one. */
    void dropSilently() {
        open.replaceAll((s, dead) -> true);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.put(client, false);
                pump(client, server, client, true);
                pump(server, client, client, false);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pump(Socket from, Socket to, Socket client, boolean requests) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (requests && Boolean.TRUE.equals(open.get(client))) {
                        client.setSoLinger(true, 0); // a reset, as from a peer that forgot the connection
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                open.remove(client);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "stale-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        for (Socket s : open.keySet()) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
