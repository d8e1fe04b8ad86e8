package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hall server as its own process, killed with {@code kill -9} (no shutdown hook, no flush) and started again
 * on the same data folder: what the hall's screens, kiosks and windows see must not change.
 */
@ExtendWith(VertxExtension.class)
class RecoveryAfterKillTest {

    private static final Pattern READY = Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String HALL = "/api/v1/halls/demo";

    private Process process;
    private WebClient client;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldComeBackFromKillWithTheSameLineNumbersWindowsAndSequence(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(tokens, TestServer.TOKENS);
        Path data = dir.resolve("data");
        int port = start(data, tokens, dir.resolve("first.log"));
        client = WebClient.create(vertx);
        JsonObject a1 = issue(port, "A");
        issue(port, "A");
        JsonObject b1 = issue(port, "B");
        issue(port, "C");
        send(port, HttpMethod.POST, HALL + "/windows/1/open", TestServer.window("1"),
                new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
        JsonObject called = send(port, HttpMethod.POST, HALL + "/windows/1/call-next", TestServer.window("1"), null)
                .bodyAsJsonObject();
        send(port, HttpMethod.POST, HALL + "/windows/1/start", TestServer.window("1"), null);
        JsonObject before = send(port, HttpMethod.GET, HALL + "/queue", null, null).bodyAsJsonObject();

        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int port2 = start(data, tokens, dir.resolve("second.log"));
        JsonObject after = send(port2, HttpMethod.GET, HALL + "/queue", null, null).bodyAsJsonObject();
        JsonObject a3 = issue(port2, "A");
        HttpResponse<Buffer> cancelledByPhone = send(port2, HttpMethod.DELETE, HALL + "/tickets/" + b1.getLong("id")
                + "?token=" + b1.getString("trackUrl").substring(3), null, null);
        HttpResponse<Buffer> completed = send(port2, HttpMethod.POST, HALL + "/windows/1/complete",
                TestServer.window("1"), null);

        assertThat(called.getLong("id")).isEqualTo(a1.getLong("id"));
        assertThat(before.getLong("seq")).isEqualTo(7L);
        assertThat(after).isEqualTo(before);
        assertThat(after.getJsonObject("windows").getJsonObject("1").getString("number")).isEqualTo("A001");
        assertThat(after.getJsonObject("windows").getJsonObject("1").getString("ticketState")).isEqualTo("SERVING");
        assertThat(a3.getString("number")).isEqualTo("A003");
        assertThat(a3.getLong("id")).isGreaterThan(b1.getLong("id"));
        assertThat(cancelledByPhone.statusCode()).isEqualTo(200);
        assertThat(completed.bodyAsJsonObject().getString("number")).isEqualTo("A001");
        assertThat(send(port2, HttpMethod.GET, HALL + "/queue", null, null).bodyAsJsonObject().getLong("seq"))
                .isEqualTo(10L);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldKeepABookingAcrossKillAndDayCloses(Vertx vertx, @TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(tokens, TestServer.TOKENS);
        Path data = dir.resolve("data");
        int port = start(data, tokens, dir.resolve("first.log"));
        client = WebClient.create(vertx);
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2);
        HttpResponse<Buffer> booked = send(port, HttpMethod.POST, HALL + "/appointments", null, new JsonObject()
                .put("category", "A").put("start", day + "T10:00").put("idNumber",
                        IdNumbers.withCheck("33010619850314001")).put("phone", "13812345678"));
        assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
        String link = "/api/v1/appointments/" + booked.bodyAsJsonObject().getString("manageUrl").substring(3);

        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int port2 = start(data, tokens, dir.resolve("second.log"));
        assertThat(send(port2, HttpMethod.POST, HALL + "/close-day", TestServer.MANAGER, null).statusCode())
                .isEqualTo(200);
        assertThat(send(port2, HttpMethod.POST, HALL + "/close-day", TestServer.MANAGER, null).statusCode())
                .isEqualTo(200);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int port3 = start(data, tokens, dir.resolve("third.log"));
        HttpResponse<Buffer> seen = send(port3, HttpMethod.GET, link, null, null);
        JsonArray slots = send(port3, HttpMethod.GET, HALL + "/appointments/slots?category=A&date=" + day, null, null)
                .bodyAsJsonArray();

        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.bodyAsJsonObject().getString("state")).isEqualTo("BOOKED");
        assertThat(seen.bodyAsJsonObject().getString("code"))
                .isEqualTo(booked.bodyAsJsonObject().getString("code"));
        JsonObject ten = slots.stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("start").startsWith(day + "T10:00")).findFirst().orElseThrow();
        assertThat(ten.getInteger("left")).isEqualTo(3);
    }

    /** Starts the server as a child process and returns its port once it printed that it is ready. */
    private int start(Path data, Path tokens, Path log) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--instances", "1",
                "--data", data.toString(), "--tokens", tokens.toString());
        pb.redirectError(log.toFile());
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Process p = process;
                Thread drain = new Thread(() -> {
                    try {
                        p.getInputStream().transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the process went away
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server did not start: " + Files.readString(log));
    }

    private JsonObject issue(int port, String category) {
        HttpResponse<Buffer> r = send(port, HttpMethod.POST, HALL + "/tickets", KIOSK,
                new JsonObject().put("category", category));
        assertThat(r.statusCode()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    private HttpResponse<Buffer> send(int port, HttpMethod method, String path, String token, JsonObject body) {
        HttpRequest<Buffer> r = client.request(method, port, "127.0.0.1", path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return (body == null ? r.send() : r.sendJsonObject(body)).await();
    }
}
