package io.onewindow.display.http;

import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many display and phone streams the server holds, from one address and in all, and the limits of every
 * connection: an idle timeout and small WebSocket frames (screens and phones only listen). Thread-safe: a stream
 * is counted on any event loop when it is admitted and released once when it ends.
 *
 * @param perAddress         streams open at once from one remote address (a hall's screens behind one NAT share
 *                           it); past it a new one is refused 429 {@code TOO_MANY_CONNECTIONS}
 * @param total              streams open at once in all; past it 503 {@code TOO_MANY_CONNECTIONS}
 * @param idleTimeoutSeconds a connection that neither sends nor receives for this long is closed (streams
 *                           have a heartbeat, well inside it)
 * @param maxFrameBytes      the largest WebSocket frame and message a client may send
 */
public record ConnectionLimits(int perAddress, int total, int idleTimeoutSeconds, int maxFrameBytes) {

    /** 256 per address, 20,000 in all, 60 s idle, 4 KiB frames. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(256, 20_000, 60, 4096);

    public ConnectionLimits {
        if (perAddress < 1 || total < 1 || idleTimeoutSeconds < 1 || maxFrameBytes < 125) {
            throw new IllegalArgumentException("connection limits must be positive (frames >= 125 bytes): "
                    + perAddress + ", " + total + ", " + idleTimeoutSeconds + ", " + maxFrameBytes);
        }
    }

    /** The server options that carry the idle timeout and the frame limits. */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        return options.setIdleTimeout(idleTimeoutSeconds)
                .setMaxWebSocketFrameSize(maxFrameBytes)
                .setMaxWebSocketMessageSize(maxFrameBytes)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(8192);
    }

    /** The count of open streams against these limits. Thread-safe. */
    public final class Count {
        private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
        private final AtomicInteger all = new AtomicInteger();

        /**
         * Admits one more stream from {@code address}, or refuses it before it starts. The caller must
         * {@link #release} an admitted one exactly once.
         */
        public void admit(String address) {
            if (all.incrementAndGet() > total) {
                all.decrementAndGet();
                throw new ApiException(503, "TOO_MANY_CONNECTIONS", "the server holds as many streams as it may;"
                        + " try again in a moment");
            }
            AtomicInteger mine = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (mine.incrementAndGet() > perAddress) {
                release(address);
                throw new ApiException(429, "TOO_MANY_CONNECTIONS", "too many streams from this address");
            }
        }

        public void release(String address) {
            all.decrementAndGet();
            // drop the entry once it reaches zero, unless someone counted it up meanwhile
            byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }

        public int open() {
            return all.get();
        }
    }

    public Count newCount() {
        return new Count();
    }
}
