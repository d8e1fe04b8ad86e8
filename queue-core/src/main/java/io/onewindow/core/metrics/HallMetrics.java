package io.onewindow.core.metrics;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.TicketView;

/**
 * Wait and handling times of a hall, per category and per window, for today and the last 15 minutes, fed the
 * hall's events in sequence order. To be implemented.
 */
public final class HallMetrics {

    public HallMetrics(HallDefinition hall) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Feeds one event; events arrive in sequence order from one thread at a time. */
    public void record(Event event) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The estimated wait in seconds of a waiting ticket, or of a new ticket of the category at the end. */
    public long estimatedWaitSeconds(HallSnapshot snapshot, TicketView ticket, long nowMillis) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
