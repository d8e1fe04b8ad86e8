package io.onewindow.display.http;

import io.onewindow.core.Category;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.metrics.CategoryMetrics;
import io.onewindow.core.metrics.MetricsReport;
import io.onewindow.core.metrics.TimeStats;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.hall.ServerStats;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Operations: liveness, readiness, and the Prometheus text export. Stateless; each method handles one route. */
final class OpsHandler {

    private final Halls halls;
    private final ServerStats stats;

    OpsHandler(Halls halls, ServerStats stats) {
        this.halls = halls;
        this.stats = stats;
    }

    /** GET /health/live: the process answers. */
    void live(RoutingContext ctx) {
        Replies.json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    /**
     * GET /health/ready: 200 once every hall has recovered its journal, 503 NOT_READY before, 503
     * JOURNAL_UNAVAILABLE while a hall's journal cannot write.
     */
    void ready(RoutingContext ctx) {
        if (!halls.ready()) {
            throw new ApiException(503, "NOT_READY", "the halls are recovering their journals");
        }
        var failing = halls.journalFailures();
        if (!failing.isEmpty()) {
            throw new ApiException(503, "JOURNAL_UNAVAILABLE", "the journal of hall "
                    + String.join(", ", failing.stream().map(h -> h.hall().id()).toList())
                    + " cannot write; it serves again by itself once it can");
        }
        JsonObject seqs = new JsonObject();
        for (LiveHall h : halls.live()) {
            seqs.put(h.hall().id(), h.dispatcher().snapshot().seq());
        }
        Replies.json(ctx, 200, new JsonObject().put("status", "READY").put("halls", seqs));
    }

    /** GET /metrics: Prometheus text format 0.0.4. */
    void prometheus(RoutingContext ctx) {
        PrometheusText p = new PrometheusText();
        p.family("onewindow_tickets_issued_total", "counter", "Tickets issued and durable since the server started");
        for (LiveHall h : halls.live()) {
            List<Category> cs = h.hall().categories();
            for (int i = 0; i < cs.size(); i++) {
                p.sample("onewindow_tickets_issued_total", h.issuedSinceStart(i), "hall", h.hall().id(), "category",
                        cs.get(i).code());
            }
        }
        p.family("onewindow_tickets_waiting", "gauge", "Tickets waiting now");
        for (LiveHall h : halls.live()) {
            HallSnapshot s = h.dispatcher().snapshot();
            for (Category c : h.hall().categories()) {
                p.sample("onewindow_tickets_waiting", s.waiting(c.code()), "hall", h.hall().id(), "category",
                        c.code());
            }
        }
        long now = System.currentTimeMillis();
        List<MetricsReport> reports = new ArrayList<>();
        for (LiveHall h : halls.live()) {
            reports.add(h.metrics().report(h.dispatcher().snapshot(), now));
        }
        p.family("onewindow_wait_seconds", "summary",
                "Wait (first call - issue) of the tickets first called today (hall-local day), by category");
        for (MetricsReport r : reports) {
            for (CategoryMetrics c : r.categories().values()) {
                TimeStats w = c.today().waitTime();
                String[][] qs = {{"0.5", Double.toString(w.p50Seconds())}, {"0.9", Double.toString(w.p90Seconds())},
                    {"0.99", Double.toString(w.p99Seconds())}};
                for (String[] q : qs) {
                    p.sample("onewindow_wait_seconds", Double.parseDouble(q[1]), "hall", r.hall(), "category",
                            c.code(), "quantile", q[0]);
                }
                p.sample("onewindow_wait_seconds_sum", w.meanSeconds() * w.count(), "hall", r.hall(), "category",
                        c.code());
                p.sample("onewindow_wait_seconds_count", w.count(), "hall", r.hall(), "category", c.code());
            }
        }
        p.family("onewindow_longest_wait_seconds", "gauge",
                "How long the longest-waiting never-called ticket of the category has waited");
        for (MetricsReport r : reports) {
            for (CategoryMetrics c : r.categories().values()) {
                p.sample("onewindow_longest_wait_seconds", c.longestCurrentWaitSeconds(), "hall", r.hall(),
                        "category", c.code());
            }
        }
        p.family("onewindow_hall_seq", "gauge", "The hall's last event sequence number");
        for (LiveHall h : halls.live()) {
            p.sample("onewindow_hall_seq", h.dispatcher().snapshot().seq(), "hall", h.hall().id());
        }
        p.family("onewindow_journal_durable_seq", "gauge", "The hall's last durable event sequence number");
        for (LiveHall h : halls.live()) {
            p.sample("onewindow_journal_durable_seq", h.journal().durableSeq(), "hall", h.hall().id());
        }
        p.family("onewindow_display_clients", "gauge", "Connected display streams (WebSocket and SSE)");
        p.sample("onewindow_display_clients", stats.displayClients().get());
        p.family("onewindow_track_clients", "gauge", "Connected phone track streams");
        p.sample("onewindow_track_clients", stats.trackClients().get());

        Histogram h = stats.appendLatencyMicros();
        p.family("onewindow_journal_append_seconds", "summary",
                "Time from journal append to durable, per command, since the server started");
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            p.sample("onewindow_journal_append_seconds", h.getValueAtPercentile(q * 100) / 1e6, "quantile",
                    Double.toString(q));
        }
        p.sample("onewindow_journal_append_seconds_sum", h.getMean() * h.getTotalCount() / 1e6);
        p.sample("onewindow_journal_append_seconds_count", h.getTotalCount());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            p.family("process_cpu_seconds_total", "counter", "CPU time of the server process, all threads");
            p.sample("process_cpu_seconds_total", os.getProcessCpuTime() / 1e9);
        }
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(p.toString());
    }
}
