package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated requests to every route and junk to every stream, from a fixed seed: never a 5xx, never a
 * changed hall after an error answer, and the event loops keep answering.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FuzzTest {

    private static final String H = "/api/v1/halls/demo";
    private static final String[] TOKENS = {null, KIOSK, GUIDE, MANAGER, window("1"), window("2"), "junk"};
    private static final String[] PATHS = {
        "/api/v1/halls", H + "/tickets", H + "/tickets/%s", H + "/tickets/%s/reinstate", H + "/tickets/%s/pin",
        H + "/tickets/%s/link", H + "/windows/%s/call-next", H + "/windows/%s/recall", H + "/windows/%s/start",
        H + "/windows/%s/complete", H + "/windows/%s/no-show", H + "/windows/%s/transfer", H + "/windows/%s/open",
        H + "/windows/%s/pause", H + "/windows/%s/resume", H + "/windows/%s/close", H + "/close-day", H + "/queue",
        H + "/metrics", "/api/v1/halls/%s/queue", "/api/v1/halls/%s/tickets", "/health/ready", "/metrics"};
    private static final String[] IDS = {"1", "2", "0", "-1", "99999999999999999999", "abc", "1e3", "%00", "..",
        "%2e%2e", "1;drop", "中文", "9223372036854775807", "5", "3"};
    private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PUT,
        HttpMethod.PATCH};

    private static byte[] body(Random r) {
        String[] valid = {"{\"category\":\"A\"}", "{\"category\":\"B\",\"priority\":\"GREEN\"}",
            "{\"staff\":{\"id\":\"01\",\"name\":\"王营定\"}}", "{\"category\":\"C\"}", "{\"reason\":\"孕妇\"}",
            "{\"category\":\"A\",\"idNumber\":\"110101195001011234\"}"};
        switch (r.nextInt(10)) {
            case 0:
                return new byte[0];
            case 1: { // invalid UTF-8
                byte[] b = new byte[1 + r.nextInt(64)];
                r.nextBytes(b);
                return b;
            }
            case 2: // deeply nested
                return ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 3: // huge
                return ("{\"category\":\"" + "A".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 4: { // wrong types
                String[] wrong = {"{\"category\":1}", "{\"category\":null}", "{\"category\":[\"A\"]}", "[]", "7",
                    "\"A\"", "{\"category\":{\"x\":1}}", "{\"staff\":\"x\"}", "{\"priority\":true}"};
                return wrong[r.nextInt(wrong.length)].getBytes(StandardCharsets.UTF_8);
            }
            default: { // a valid body, mutated
                byte[] b = valid[r.nextInt(valid.length)].getBytes(StandardCharsets.UTF_8);
                int edits = r.nextInt(4);
                for (int i = 0; i < edits && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) (32 + r.nextInt(95));
                }
                return b;
            }
        }
    }

    @Test
    void shouldNeverAnswer5xxNorChangeTheHallOnAnErrorWhateverItIsSent(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Random r = new Random(20261201);
        List<String> wrong = new ArrayList<>();
        try (TestServer s = TestServer.start(vertx, dir)) {
            s.open("1");
            s.issue("A");
            s.issue("B");
            for (int i = 0; i < 1500; i++) {
                String path = String.format(PATHS[r.nextInt(PATHS.length)], IDS[r.nextInt(IDS.length)]);
                HttpMethod method = METHODS[r.nextInt(METHODS.length)];
                byte[] body = r.nextInt(4) == 0 ? null : body(r);
                long before = s.queue().getLong("seq");
                var req = s.request(method, path, TOKENS[r.nextInt(TOKENS.length)]);
                if (body != null) {
                    req.putHeader("Content-Type", "application/json");
                }
                HttpResponse<Buffer> res;
                try {
                    res = (body == null ? req.send() : req.sendBuffer(Buffer.buffer(body))).await();
                } catch (RuntimeException closedForTooLarge) {
                    continue; // the server may close a connection that sends too much: not an answer
                }
                long after = s.queue().getLong("seq");
                int status = res.statusCode();
                if (status >= 500 && status != 503) {
                    wrong.add(method + " " + path + " -> " + status + " " + res.bodyAsString());
                }
                if (status >= 400 && after != before) {
                    wrong.add(method + " " + path + " -> " + status + " but the hall moved " + before + "->" + after);
                }
            }
            WebSocketClient ws = vertx.createWebSocketClient();
            for (String stream : List.of("/ws/v1/halls/demo/display", "/ws/v1/halls/demo/display?since=-5",
                    "/ws/v1/halls/nope/display", "/ws/v1/track/nope", "/ws/v1/halls/demo/display?since=abc")) {
                try {
                    var socket = ws.connect(new WebSocketConnectOptions().setPort(s.port()).setHost("127.0.0.1")
                            .setURI(stream)).await();
                    for (int i = 0; i < 50; i++) {
                        byte[] junk = body(r);
                        if (junk.length < 4000) {
                            socket.writeBinaryMessage(Buffer.buffer(junk));
                            socket.writeTextMessage("{\"type\":\"" + i + "\",\"seq\":-1}");
                        }
                    }
                    socket.close();
                } catch (RuntimeException refusedBeforeUpgrade) {
                    // 400/404 before the upgrade is the right answer for a bad stream
                }
            }
            ws.close();
            assertThat(s.get("/health/live", null).statusCode()).as("the loops still answer").isEqualTo(200);
        }
        assertThat(wrong).isEmpty();
    }
}
