package io.onewindow.display.hall;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.core.Category;
import io.onewindow.core.metrics.CategoryMetrics;
import io.onewindow.core.metrics.MetricsReport;
import io.onewindow.core.metrics.TimeStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.List;

/**
 * The halls' figures in the server's Micrometer registry, named as {@code GET /metrics} has always named them.
 * Immutable once bound: every figure is read from the live halls when the registry is scraped.
 *
 * <pre>
 *  onewindow_tickets_issued_total{hall,category}      counter  durable tickets issued since the server started
 *  onewindow_tickets_waiting{hall,category}           gauge    tickets waiting now
 *  onewindow_hall_seq{hall}                           gauge    the hall's last event
 *  onewindow_journal_durable_seq{hall}                gauge    the hall's last durable event
 *  onewindow_wait_seconds{hall,category,quantile}     summary  wait of the tickets first called today (hall-local)
 *  onewindow_longest_wait_seconds{hall,category}      gauge    the longest current wait of a never-called ticket
 * </pre>
 * The first four are Micrometer meters; the last two come from one {@link MetricsReport} per hall and scrape,
 * so they are a collector of the registry's Prometheus registry (a summary whose quantiles the hall's own
 * HdrHistograms computed, over the hall's day rather than a Micrometer window).
 */
public final class HallMeters {

    private HallMeters() {
    }

    /** Registers the figures of every hall in the registry. */
    public static void bind(Halls halls, PrometheusMeterRegistry registry) {
        for (LiveHall h : halls.live()) {
            String hall = h.hall().id();
            List<Category> categories = h.hall().categories();
            for (int i = 0; i < categories.size(); i++) {
                int index = i;
                String code = categories.get(i).code();
                FunctionCounter.builder("onewindow.tickets.issued", h, x -> x.issuedSinceStart(index))
                        .description("Tickets issued and durable since the server started")
                        .tags("hall", hall, "category", code).register(registry);
                Gauge.builder("onewindow.tickets.waiting", h, x -> x.dispatcher().snapshot().waiting(code))
                        .description("Tickets waiting now").tags("hall", hall, "category", code).register(registry);
            }
            Gauge.builder("onewindow.hall.seq", h, x -> x.dispatcher().snapshot().seq())
                    .description("The hall's last event sequence number").tags("hall", hall).register(registry);
            Gauge.builder("onewindow.journal.durable.seq", h, x -> x.journal().durableSeq())
                    .description("The hall's last durable event sequence number").tags("hall", hall)
                    .register(registry);
        }
        registry.getPrometheusRegistry().register(new WaitCollector(halls));
    }

    /** The wait summaries and longest waits of every hall, from one report per hall and scrape. */
    private record WaitCollector(Halls halls) implements MultiCollector {

        private static final String WAIT = "onewindow_wait_seconds";
        private static final String LONGEST = "onewindow_longest_wait_seconds";

        @Override
        public MetricSnapshots collect() {
            SummarySnapshot.Builder wait = SummarySnapshot.builder().name(WAIT)
                    .help("Wait (first call - issue) of the tickets first called today (hall-local day), by category");
            GaugeSnapshot.Builder longest = GaugeSnapshot.builder().name(LONGEST)
                    .help("How long the longest-waiting never-called ticket of the category has waited");
            long now = System.currentTimeMillis();
            for (LiveHall h : halls.live()) {
                MetricsReport r = h.metrics().report(h.dispatcher().snapshot(), now);
                for (CategoryMetrics c : r.categories().values()) {
                    Labels labels = Labels.of("hall", r.hall(), "category", c.code());
                    TimeStats w = c.today().waitTime();
                    wait.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                            .count(w.count()).sum(w.meanSeconds() * w.count()).labels(labels)
                            .quantiles(Quantiles.of(new Quantile(0.5, w.p50Seconds()),
                                    new Quantile(0.9, w.p90Seconds()), new Quantile(0.99, w.p99Seconds())))
                            .build());
                    longest.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .value(c.longestCurrentWaitSeconds()).labels(labels).build());
                }
            }
            return MetricSnapshots.of(wait.build(), longest.build());
        }

        @Override
        public List<String> getPrometheusNames() {
            return List.of(WAIT, LONGEST);
        }
    }
}
