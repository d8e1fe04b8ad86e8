package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.display.hall.NoticeDesk;
import io.onewindow.display.store.Journals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMS notices that fail while the server runs are sent again, without a restart, once the notifier writes
 * again: the hall server with the file journal and the outbox notifier, whose outbox is first on a full disk
 * ({@code /dev/full}: {@code ENOSPC} on every write), then, while the server runs, a regular file again. The
 * notices still due then are in the outbox once each; none for a booking cancelled or checked in meanwhile. The
 * desk tries again after 100 ms doubling to 400 ms here (10 s to 5 min in the server).
 *
 * <p>The hall's zone is a fixed offset chosen so that its local time is 12:10 when the test starts: a slot of
 * today can be booked, checked in and called with the server's real clock.
 */
@ExtendWith(VertxExtension.class)
class NoticesRetryTest {

    private static final String HALL = "/api/v1/halls/demo";
    private static final Pattern WAITING =
            Pattern.compile("(?m)^onewindow_notices_waiting_retry\\{hall=\"demo\"} (\\S+)$");

    private HallServer server;
    private WebClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            Future.await(server.close());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSendTheNoticesStillDueOnceWhenTheOutboxWritesAgainWithoutARestart(Vertx vertx, @TempDir Path dir)
            throws Exception {
        NoticeHall fixture = NoticeHall.onAFullDisk(dir);
        Path tokens = fixture.tokens();
        Path hall = fixture.hall();
        Path data = fixture.data();
        Path outbox = fixture.outbox();
        ZoneOffset zone = fixture.zone();
        server = HallServer.start(vertx, ServerConfig.embedded(data).withTokens(tokens).withHalls(List.of(hall)),
                Journals.embedded(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new NoticeDesk.Backoff(100, 400)).await();
        client = WebClient.create(vertx);
        LocalDate today = LocalDateTime.ofInstant(Instant.now(), zone).toLocalDate();

        JsonObject ahead = book(today.plusDays(2) + "T10:00", 1);
        JsonObject cancelled = book(today.plusDays(2) + "T10:30", 2);
        JsonObject checkedIn = book(today + "T12:30", 3);
        await(() -> waiting() == 3, "the three codes wait to be sent again");
        HttpResponse<Buffer> ticket = send(HttpMethod.POST, HALL + "/appointments/check-in", KIOSK,
                new JsonObject().put("code", checkedIn.getString("code")));
        assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(201);
        send(HttpMethod.POST, HALL + "/windows/1/open", TestServer.window("1"),
                new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
        HttpResponse<Buffer> called = send(HttpMethod.POST, HALL + "/windows/1/call-next", TestServer.window("1"),
                null);
        assertThat(called.statusCode()).as(called.bodyAsString()).isEqualTo(200);
        assertThat(called.bodyAsJsonObject().getLong("id")).isEqualTo(ticket.bodyAsJsonObject().getLong("id"));
        HttpResponse<Buffer> cancel = send(HttpMethod.DELETE,
                "/api/v1/appointments/" + cancelled.getString("manageUrl").substring(3), null, null);
        assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(200);
        // the codes checked in and cancelled are dropped while the disk is still full; the call joins the code ahead
        await(() -> waiting() == 2, "the code ahead and the call wait to be sent again");
        assertThat(Files.readSymbolicLink(outbox)).as("nothing could be written meanwhile")
                .isEqualTo(Path.of("/dev/full"));

        Files.delete(outbox); // the disk has room again, the server still runs
        String codeId = "demo/b" + ahead.getLong("id") + "/code";
        String callId = "demo/t" + ticket.bodyAsJsonObject().getLong("id") + "/called";
        await(() -> waiting() == 0, "every notice still due was sent again");
        Thread.sleep(600); // more than the desk's longest period here: nothing more goes out
        List<JsonObject> sent = NoticeHall.notices(outbox);

        assertThat(sent).extracting(n -> n.getString("id")).as("the code still ahead and the call, once each; "
                + "not the code of the booking cancelled or checked in").containsExactlyInAnyOrder(codeId, callId);
        JsonObject code = sent.stream().filter(n -> n.getString("id").equals(codeId)).findFirst().orElseThrow();
        assertThat(code.getString("kind")).isEqualTo("BOOKED");
        assertThat(code.getString("text")).contains("签到码 " + ahead.getString("code"));
        JsonObject call = sent.stream().filter(n -> n.getString("id").equals(callId)).findFirst().orElseThrow();
        assertThat(call.getString("kind")).isEqualTo("CALLED");
        assertThat(call.getString("text")).endsWith("请 " + ticket.bodyAsJsonObject().getString("number")
                + " 号到 1号窗口办理");
        assertThat(waiting()).isZero();
    }

    private JsonObject book(String start, int person) {
        HttpResponse<Buffer> r = send(HttpMethod.POST, HALL + "/appointments", null, NoticeHall.booking(start, person));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    /** The notices waiting to be sent again, as {@code GET /metrics} says. */
    private int waiting() {
        String scrape = send(HttpMethod.GET, "/metrics", null, null).bodyAsString();
        Matcher m = WAITING.matcher(scrape);
        assertThat(m.find()).as("onewindow_notices_waiting_retry in /metrics").isTrue();
        return (int) Double.parseDouble(m.group(1));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
        HttpRequest<Buffer> r = client.request(method, server.port(), "127.0.0.1", path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return (body == null ? r.send() : r.sendJsonObject(body)).await();
    }
}
