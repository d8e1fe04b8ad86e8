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
    /** Display streams of both kinds: a gauge the server may own and export. */
    final AtomicLong displayClients;
    /** Phone streams: a gauge the server may own and export. */
    final AtomicLong trackClients;
    final LongAdder slowClientsCut = new LongAdder();
    final LongAdder snapshotsSent = new LongAdder();
    final LongAdder eventsWritten = new LongAdder();
    /** Messages compressed for permessage-deflate screens: once per message per hall, whatever the screens. */
    final LongAdder messagesCompressed = new LongAdder();

    StreamCounters(AtomicLong displayClients, AtomicLong trackClients) {
        this.displayClients = displayClients;
        this.trackClients = trackClients;
    }

    StreamStats stats() {
        return new StreamStats(displayWebSockets.get(), displaySse.get(), trackClients.get(),
                slowClientsCut.sum(), snapshotsSent.sum(), eventsWritten.sum(), messagesCompressed.sum());
    }
}
