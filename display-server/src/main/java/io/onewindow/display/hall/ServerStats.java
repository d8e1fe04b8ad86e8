package io.onewindow.display.hall;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide figures that any adapter may feed, in the server's one Micrometer registry, which
 * {@code GET /metrics} scrapes. Thread-safe and wait-free to record.
 *
 * <ul>
 *   <li>{@link #displayClients()}, {@link #trackClients()}: gauges {@code onewindow_display_clients} and
 *       {@code onewindow_track_clients} of connected display and phone streams; the fan-out increments them on
 *       open and decrements them on close.</li>
 *   <li>{@link #recordAppendNanos(long)}: {@code onewindow_journal_append_seconds}, journal append to durable,
 *       one sample per command, as quantiles since the server started (a Micrometer timer whose window never
 *       rotates).</li>
 * </ul>
 */
public final class ServerStats {

    /** Latencies above this count as this. */
    private static final Duration MAX_APPEND = Duration.ofMinutes(1);
    /** The timer's quantiles cover the whole run: a window longer than any server lives. */
    private static final Duration SINCE_START = Duration.ofDays(365 * 100);

    private final PrometheusMeterRegistry registry;
    private final AtomicLong displayClients = new AtomicLong();
    private final AtomicLong trackClients = new AtomicLong();
    private final Timer append;

    /** Figures in a registry of their own (tests, tools). */
    public ServerStats() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public ServerStats(PrometheusMeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("onewindow.display.clients", displayClients, AtomicLong::get)
                .description("Connected display streams (WebSocket and SSE)").register(registry);
        Gauge.builder("onewindow.track.clients", trackClients, AtomicLong::get)
                .description("Connected phone track streams").register(registry);
        this.append = Timer.builder("onewindow.journal.append")
                .description("Time from journal append to durable, per command, since the server started")
                .publishPercentiles(0.5, 0.9, 0.99, 0.999)
                .maximumExpectedValue(MAX_APPEND)
                .distributionStatisticExpiry(SINCE_START)
                .distributionStatisticBufferLength(1)
                .register(registry);
    }

    /** The registry every figure of the server is in; {@code GET /metrics} scrapes it. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

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
        append.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
