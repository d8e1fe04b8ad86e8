package io.onewindow.display.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between a browser and the hall server whose connections a test can cut, as a hall's network or a
 * proxy drops them: {@link #cut()} closes every relayed connection and turns new ones away until
 * {@link #restore()}. The server keeps running and takes commands meanwhile. {@link #loseAnswersTo(String)} lets
 * requests reach the server and loses their answers on the way back, as a phone's network does when it drops
 * just after sending. For tests; thread-safe.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private volatile boolean refusingWebSockets;
    private volatile String losingAnswersTo;
    private final AtomicInteger answersLost = new AtomicInteger();

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every connection and refuses new ones. */
    public void cut() {
        refusing = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Closes every connection that asks to become a WebSocket, as some proxies do; plain HTTP goes through. */
    public void refuseWebSockets(boolean refuse) {
        refusingWebSockets = refuse;
    }

    /**
     * Relays each request whose first line starts with {@code requestLine} (e.g. {@code "POST /api/v1/x"}) to the
     * server and then closes the browser's connection at the first byte of the answer, so the request is carried
     * out and its answer never arrives; null to relay answers again.
     */
    public void loseAnswersTo(String requestLine) {
        losingAnswersTo = requestLine;
    }

    /** How many answers {@link #loseAnswersTo(String)} has lost so far. */
    public int answersLost() {
        return answersLost.get();
    }

    /** Lets connections through again. */
    public void restore() {
        refusing = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                boolean[] loseNextAnswer = {false}; // shared by the two pumps of this connection
                pump(client, upstream, true, loseNextAnswer);
                pump(upstream, client, false, loseNextAnswer);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromBrowser, boolean[] loseNextAnswer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0;) {
                    String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (fromBrowser && refusingWebSockets
                            && text.toLowerCase(Locale.ROOT).contains("\r\nupgrade: websocket")) {
                        break;
                    }
                    String losing = losingAnswersTo;
                    if (fromBrowser && losing != null && text.startsWith(losing)) {
                        synchronized (loseNextAnswer) {
                            loseNextAnswer[0] = true;
                        }
                    }
                    if (!fromBrowser) {
                        synchronized (loseNextAnswer) {
                            if (loseNextAnswer[0]) {
                                answersLost.incrementAndGet();
                                break; // the answer was written by the server; the browser never reads it
                            }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or closed by either side
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump");
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
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
