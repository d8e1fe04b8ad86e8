package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.display.http.PrometheusScrape;
import io.onewindow.display.store.Journals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's Prometheus reads from {@code GET /metrics} of a server wired as the launcher wires it: the
 * halls' own series under their names, and what Micrometer and Vert.x give besides (HTTP requests by route and
 * status, worker pools and event loops, JVM memory and GC, process CPU), every line in the text format.
 */
class MetricsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldExportTheHallsSeriesAndTheLibrariesFiguresInOneParsableScrape(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = HallServer.vertx(registry);
        try (TestServer server = TestServer.start(vertx, dir, Journals.embedded(), ServerConfig.embedded(dir),
                registry)) {
            server.open("1");
            server.issue("A");
            server.issue("A");
            server.post("/api/v1/halls/demo/windows/1/call-next", TestServer.window("1"));
            HttpResponse<Buffer> refused = server.post("/api/v1/halls/demo/tickets", TestServer.KIOSK);

            HttpResponse<Buffer> r = server.get("/metrics", null);
            PrometheusScrape scrape = PrometheusScrape.parse(r.bodyAsString());

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
            assertThat(scrape.value("onewindow_tickets_issued_total", "hall", "demo", "category", "A")).isEqualTo(2);
            assertThat(scrape.value("onewindow_tickets_waiting", "hall", "demo", "category", "A")).isEqualTo(1);
            assertThat(scrape.value("onewindow_hall_seq", "hall", "demo")).isEqualTo(4);
            assertThat(scrape.value("onewindow_journal_durable_seq", "hall", "demo")).isEqualTo(4);
            assertThat(scrape.value("onewindow_wait_seconds_count", "hall", "demo", "category", "A")).isEqualTo(1);
            assertThat(scrape.samples("onewindow_wait_seconds", "hall", "demo", "category", "A"))
                    .extracting(s -> s.labels().get("quantile")).containsExactlyInAnyOrder("0.5", "0.9", "0.99");
            assertThat(scrape.value("onewindow_longest_wait_seconds", "hall", "demo", "category", "A"))
                    .isGreaterThanOrEqualTo(0);
            assertThat(scrape.type("onewindow_journal_append_seconds")).isEqualTo("summary");
            assertThat(scrape.value("onewindow_journal_append_seconds_count")).isEqualTo(4);
            assertThat(scrape.value("onewindow_journal_append_seconds", "quantile", "0.999")).isPositive();
            assertThat(scrape.value("onewindow_display_clients")).isZero();
            assertThat(scrape.value("onewindow_track_clients")).isZero();
            assertThat(requests(scrape, "/api/v1/halls/:hall/tickets", "201")).isEqualTo(2);
            assertThat(requests(scrape, "/api/v1/halls/:hall/tickets", "400")).isEqualTo(1);
            assertThat(requests(scrape, "/api/v1/halls/:hall/windows/:w/call-next", "200")).isEqualTo(1);
            assertThat(scrape.value("vertx_pool_completed_total", "pool_type", "worker", "pool_name",
                    "vert.x-worker-thread")).isPositive();
            assertThat(scrape.samples("netty_eventexecutor_tasks_pending")).isNotEmpty();
            assertThat(scrape.samples("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
            assertThat(scrape.hasFamilyStartingWith("jvm_gc_")).isTrue();
            assertThat(scrape.value("process_cpu_seconds_total")).isPositive();
            assertThat(r.bodyAsString()).as("series by route, never by path").doesNotContain("demo/tickets");
        } finally {
            Future.await(vertx.close());
        }
    }

    /** POST requests answered with this status on the route (vertx-web names a route by the routes it passed). */
    private static double requests(PrometheusScrape scrape, String route, String code) {
        return scrape.samples("vertx_http_server_requests_total", "method", "POST", "code", code).stream()
                .filter(s -> s.labels().getOrDefault("route", "").endsWith(route))
                .mapToDouble(PrometheusScrape.Sample::value).sum();
    }
}
