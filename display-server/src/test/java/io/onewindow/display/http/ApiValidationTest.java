package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.OTHER_HALL_KIOSK;
import static io.onewindow.display.TestServer.PAD_1;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a terminal that sends the wrong thing notices: a clear error JSON, never a 5xx, the line untouched. */
@ExtendWith(VertxExtension.class)
class ApiValidationTest {

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

    private HttpResponse<Buffer> raw(HttpMethod m, String path, String token, String body) {
        var r = server.request(m, path, token);
        return (body == null ? r.send() : r.putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body))).await();
    }

    private static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    void shouldNameTheProblemOfABadIssueBody() {
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "{\"category\":\"A\",\"colour\":1}")))
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "{\"category\":7}"))).isEqualTo("BAD_FIELD");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "{\"category\":\"A\""))).isEqualTo("BAD_JSON");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "[1,2]"))).isEqualTo("BAD_JSON");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "{}"))).isEqualTo("MISSING_FIELD");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, null))).isEqualTo("MISSING_BODY");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "{\"category\":\"A\",\"priority\":\"VIP\"}")))
                .isEqualTo("BAD_FIELD");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", KIOSK, "{\"category\":\"Z\"}")))
                .isEqualTo("UNKNOWN_CATEGORY");
        assertThat(server.queue().getLong("seq")).isZero();
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413() {
        String big = "{\"category\":\"A\",\"appointmentId\":\"" + "x".repeat(5000) + "\"}";

        HttpResponse<Buffer> r = raw(HttpMethod.POST, HALL + "/tickets", KIOSK, big);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(code(r)).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void shouldTellWhoIsNotAllowed() {
        assertThat(raw(HttpMethod.POST, HALL + "/tickets", null, "{\"category\":\"A\"}").statusCode()).isEqualTo(401);
        assertThat(raw(HttpMethod.POST, HALL + "/tickets", "not-a-token-at-all", "{\"category\":\"A\"}")
                .getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", PAD_1, "{\"category\":\"A\"}"))).isEqualTo("FORBIDDEN");
        assertThat(code(raw(HttpMethod.POST, HALL + "/tickets", OTHER_HALL_KIOSK, "{\"category\":\"A\"}")))
                .isEqualTo("FORBIDDEN");
        assertThat(code(raw(HttpMethod.POST, HALL + "/windows/1/call-next", window("2"), null)))
                .isEqualTo("WRONG_WINDOW");
        assertThat(code(raw(HttpMethod.POST, HALL + "/windows/1/call-next", PAD_1, null))).isEqualTo("FORBIDDEN");
        assertThat(code(raw(HttpMethod.POST, HALL + "/windows/1/call-next", MANAGER, null))).isEqualTo("FORBIDDEN");
        assertThat(code(raw(HttpMethod.GET, HALL + "/tickets/1", window("1"), null))).isEqualTo("FORBIDDEN");
        assertThat(server.queue().getLong("seq")).isZero();
    }

    @Test
    void shouldAnswerUnknownThingsWith404AndBadIdsWith400() {
        assertThat(code(raw(HttpMethod.GET, "/api/v1/halls/nowhere/queue", null, null))).isEqualTo("UNKNOWN_HALL");
        assertThat(code(raw(HttpMethod.GET, HALL + "/tickets/99", KIOSK, null))).isEqualTo("UNKNOWN_TICKET");
        assertThat(code(raw(HttpMethod.GET, HALL + "/tickets/abc", KIOSK, null))).isEqualTo("BAD_TICKET_ID");
        assertThat(code(raw(HttpMethod.GET, HALL + "/tickets/-1", KIOSK, null))).isEqualTo("BAD_TICKET_ID");
        assertThat(code(raw(HttpMethod.GET, HALL + "/tickets/99999999999999999999", KIOSK, null)))
                .isEqualTo("BAD_TICKET_ID");
        assertThat(code(raw(HttpMethod.GET, "/api/v1/nothing", null, null))).isEqualTo("NOT_FOUND");
        assertThat(code(raw(HttpMethod.PUT, HALL + "/queue", null, null))).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void shouldNeverAnswer5xxWhateverIsSent() {
        server.issue("A");
        server.open("1");
        List<String> paths = new ArrayList<>(List.of("/api/v1/halls", HALL + "/tickets", HALL + "/tickets/1",
                HALL + "/tickets/1/reinstate", HALL + "/tickets/1/pin", HALL + "/close-day", HALL + "/queue",
                HALL + "/metrics", "/metrics", "/health/live", "/health/ready", HALL + "/tickets/0",
                HALL + "/tickets/%00", HALL + "/tickets/1%2F2", "/api/v1/halls/%ZZ/queue",
                "/api/v1/halls/" + "h".repeat(300) + "/queue", HALL + "/windows/%E4%B8%80/call-next",
                HALL + "/windows/9/open"));
        for (String c : List.of("call-next", "recall", "start", "complete", "no-show", "transfer", "open", "pause",
                "resume", "close")) {
            paths.add(HALL + "/windows/1/" + c);
        }
        List<String> bodies = List.of("", "null", "[]", "\"A\"", "42", "{", "{}", "{\"category\":null}",
                "{\"category\":[\"A\"]}", "{\"category\":\"A\",\"priority\":1}", "{\"category\":\"\\u0000\"}",
                "{\"staff\":{}}", "{\"staff\":{\"id\":\"1\",\"name\":\"" + "名".repeat(40) + "\"}}",
                "{\"staff\":\"x\"}", "{\"reason\":{\"a\":1}}", "{\"category\":\"A\",\"idNumber\":\"X\"}",
                "{\"category\":\"B\"}", "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}",
                "\u00ff\u00fe garbage", "{\"category\":\"A\",\"category\":\"B\"}");
        List<String> tokens = new ArrayList<>(List.of(KIOSK, GUIDE, MANAGER, PAD_1, window("1"), "x"));
        tokens.add(null);
        List<String> failures = new ArrayList<>();
        int sent = 0;

        for (String path : paths) {
            for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PUT)) {
                for (int i = 0; i < bodies.size(); i++) {
                    String token = tokens.get(i % tokens.size());
                    HttpResponse<Buffer> r = raw(m, path, token, m == HttpMethod.GET ? null : bodies.get(i));
                    sent++;
                    if (r.statusCode() >= 500 && !(r.statusCode() == 503)) {
                        failures.add(m + " " + path + " " + bodies.get(i) + " -> " + r.statusCode());
                    }
                    if (r.statusCode() >= 400 && r.statusCode() != 503) {
                        String errCode = r.bodyAsJsonObject().getJsonObject("error").getString("code");
                        if (errCode == null) {
                            failures.add(m + " " + path + " no error code");
                        }
                    }
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(sent).isGreaterThan(1000);
    }
}
