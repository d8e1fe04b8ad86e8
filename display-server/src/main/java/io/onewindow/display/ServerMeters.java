package io.onewindow.display;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.display.hall.HallMeters;
import io.onewindow.display.hall.Halls;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;

/**
 * What {@code GET /metrics} shows besides the fan-out's and the journal's own figures, all in the server's one
 * Prometheus registry. Confined to start-up and shut-down.
 *
 * <pre>
 *  Vert.x (vertx-micrometer-metrics)   vertx_http_server_*{route,method,code}, vertx_pool_* (worker pools)
 *  Netty event loops                   netty_eventexecutor_tasks_pending{name}
 *  JVM and process                     jvm_memory_*, jvm_gc_pause_*, jvm_threads_*, process_cpu_seconds_total …
 *  the halls (HallMeters)              onewindow_tickets_*, onewindow_wait_seconds, onewindow_hall_seq …
 * </pre>
 * Request metrics are labelled by the route's template ({@code /ws/v1/track/:token}), never by the path, so no
 * phone link or hall-chosen id multiplies the series or reaches the scrape.
 */
final class ServerMeters implements AutoCloseable {

    private final JvmGcMetrics gc;

    private ServerMeters(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /** A Vert.x whose HTTP servers and worker pools report to the registry. */
    static Vertx vertx(PrometheusMeterRegistry registry) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
                .setJvmMetricsEnabled(false) // bound below, once, with the rest of the process's figures
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                        Label.POOL_NAME));
        // the native epoll transport where the platform has it (Linux x86-64 here), NIO elsewhere
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics).setPreferNativeTransport(true))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    /** Binds the halls', the event loops', the JVM's and the process's figures. */
    static ServerMeters bind(Vertx vertx, PrometheusMeterRegistry registry, Halls halls) {
        HallMeters.bind(halls, registry);
        if (vertx instanceof VertxInternal internal) {
            new NettyEventExecutorMetrics(internal.nettyEventLoopGroup()).bindTo(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time of the server process, all threads").register(registry);
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new ServerMeters(gc);
    }

    @Override
    public void close() {
        gc.close();
    }
}
