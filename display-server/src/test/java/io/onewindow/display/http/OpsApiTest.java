package io.onewindow.display.http;

import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a manager's dashboard and the operations' scraper see. */
@ExtendWith(VertxExtension.class)
class OpsApiTest {

    private static final String HALL = "/api/v1/halls/demo";

    private TestServer server;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        server = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldGiveTheManagerWaitAndServiceFiguresPerCategoryAndWindow() {
        server.issue("A");
        server.issue("A");
        server.open("1");
        server.post(HALL + "/windows/1/call-next", window("1"));
        server.post(HALL + "/windows/1/start", window("1"));
        server.post(HALL + "/windows/1/complete", window("1"));

        HttpResponse<Buffer> byKiosk = server.get(HALL + "/metrics", KIOSK);
        JsonObject m = server.get(HALL + "/metrics", MANAGER).bodyAsJsonObject();

        assertThat(byKiosk.statusCode()).isEqualTo(403);
        assertThat(m.getString("hall")).isEqualTo("demo");
        JsonObject a = m.getJsonObject("categories").getJsonObject("A");
        assertThat(a.getInteger("waiting")).isEqualTo(1);
        assertThat(a.getLong("issuedToday")).isEqualTo(2L);
        assertThat(a.getJsonObject("today").getLong("served")).isEqualTo(1L);
        assertThat(a.getJsonObject("today").getJsonObject("waitTime").fieldNames())
                .containsExactlyInAnyOrder("count", "meanSeconds", "p50Seconds", "p90Seconds", "p99Seconds",
                        "maxSeconds");
        assertThat(a.getJsonObject("today").getJsonObject("waitTime").getLong("count")).isEqualTo(1L);
        assertThat(m.getJsonObject("windows").getJsonObject("1").getJsonObject("today").getLong("served"))
                .isEqualTo(1L);
        assertThat(m.getJsonObject("windows").getJsonObject("1").containsKey("last15Minutes")).isTrue();
    }

    @Test
    void shouldEstimateTheWaitOfAWaitingTicketOnly() {
        server.issue("A");
        JsonObject second = server.issue("A");
        server.open("1");

        JsonObject called = server.post(HALL + "/windows/1/call-next", window("1")).bodyAsJsonObject();
        JsonObject waiting = server.get(HALL + "/tickets/" + second.getLong("id"), KIOSK).bodyAsJsonObject();

        assertThat(second.getLong("estimatedWaitSeconds")).isNotNull().isGreaterThan(0L);
        assertThat(second.getLong("estimatedWaitLowSeconds")).isLessThan(second.getLong("estimatedWaitSeconds"));
        assertThat(second.getLong("estimatedWaitHighSeconds")).isGreaterThan(second.getLong("estimatedWaitSeconds"));
        assertThat(called.getValue("estimatedWaitSeconds")).isNull();
        assertThat(called.getValue("estimatedWaitLowSeconds")).isNull();
        assertThat(called.getValue("estimatedWaitHighSeconds")).isNull();
        assertThat(called.getInteger("position")).isZero();
        assertThat(waiting.getInteger("position")).isEqualTo(1);
        assertThat(waiting.getLong("estimatedWaitSeconds")).isNotNull();
        assertThat(waiting.getLong("estimatedWaitLowSeconds")).isNotNull()
                .isLessThanOrEqualTo(waiting.getLong("estimatedWaitSeconds"));
        assertThat(waiting.getLong("estimatedWaitHighSeconds")).isNotNull()
                .isGreaterThanOrEqualTo(waiting.getLong("estimatedWaitSeconds"));
    }

    @Test
    void shouldExportPrometheusTextWithTheLineAndTheJournal() {
        server.issue("B");
        server.issue("B");

        HttpResponse<Buffer> r = server.get("/metrics", null);

        assertThat(r.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        PrometheusScrape scrape = PrometheusScrape.parse(r.bodyAsString());
        assertThat(scrape.type("onewindow_tickets_issued_total")).isEqualTo("counter");
        assertThat(scrape.value("onewindow_tickets_issued_total", "hall", "demo", "category", "B")).isEqualTo(2);
        assertThat(scrape.value("onewindow_tickets_waiting", "hall", "demo", "category", "B")).isEqualTo(2);
        assertThat(scrape.value("onewindow_hall_seq", "hall", "demo")).isEqualTo(2);
        assertThat(scrape.value("onewindow_journal_durable_seq", "hall", "demo")).isEqualTo(2);
        assertThat(scrape.value("onewindow_journal_append_seconds_count")).isEqualTo(2);
        assertThat(scrape.type("onewindow_wait_seconds")).isEqualTo("summary");
        assertThat(scrape.value("onewindow_wait_seconds", "hall", "demo", "category", "A", "quantile", "0.99"))
                .isZero();
        assertThat(scrape.value("onewindow_display_clients")).isZero();
    }

    @Test
    void shouldSayLiveAndReadyOnceRecovered() {
        HttpResponse<Buffer> live = server.get("/health/live", null);
        HttpResponse<Buffer> ready = server.get("/health/ready", null);

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("READY");
    }
}
