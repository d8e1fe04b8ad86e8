package io.onewindow.display.ws;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters behind {@link StreamStats}. Thread-safe: written by every event loop that serves a stream,
 * read by whoever renders {@code /metrics}; each figure is exact on its own, a {@link #stats()} is not one
 * atomic cut across them.
 */
final class StreamCounters {

    final AtomicLong displayWebSockets = new AtomicLong();
    final AtomicLong displaySse = new AtomicLong();
    final AtomicLong trackWebSockets = new AtomicLong();
    final LongAdder slowClientsCut = new LongAdder();
    final LongAdder snapshotsSent = new LongAdder();
    final LongAdder eventsWritten = new LongAdder();

    StreamStats stats() {
        return new StreamStats(displayWebSockets.get(), displaySse.get(), trackWebSockets.get(),
                slowClientsCut.sum(), snapshotsSent.sum(), eventsWritten.sum());
    }
}
