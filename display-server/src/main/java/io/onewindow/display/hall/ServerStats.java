package io.onewindow.display.hall;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Process-wide figures that {@code GET /metrics} exports and that any adapter may feed. Thread-safe and
 * wait-free to record.
 *
 * <ul>
 *   <li>{@link #displayClients()}, {@link #trackClients()}: gauges of connected display and phone streams; the
 *       fan-out increments them on open and decrements them on close.</li>
 *   <li>{@link #recordAppendNanos(long)}: journal append to durable, one sample per command; read as an
 *       interval histogram by the exporter (an HdrHistogram {@link Recorder}).</li>
 * </ul>
 */
public final class ServerStats {

    /** Latencies above this are recorded as this (1 minute, in microseconds). */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final AtomicLong displayClients = new AtomicLong();
    private final AtomicLong trackClients = new AtomicLong();
    private final Recorder appendMicros = new Recorder(MAX_MICROS, 3);
    private final Histogram appendTotal = new Histogram(MAX_MICROS, 3);

    /** Connected display streams (WebSocket and SSE): increment on open, decrement on close. */
    public AtomicLong displayClients() {
        return displayClients;
    }

    /** Connected phone track streams: increment on open, decrement on close. */
    public AtomicLong trackClients() {
        return trackClients;
    }

    /** Records the time one event took from append to durable. */
    public void recordAppendNanos(long nanos) {
        appendMicros.recordValue(Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /**
     * The append latency since the process started, in microseconds. Folds in what was recorded since the last
     * call; for one reader at a time (the exporter), hence synchronized on this object only against itself.
     */
    public synchronized Histogram appendLatencyMicros() {
        appendTotal.add(appendMicros.getIntervalHistogram());
        return appendTotal.copy();
    }
}
