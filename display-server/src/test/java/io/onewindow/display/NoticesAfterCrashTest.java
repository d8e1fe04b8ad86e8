package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMS notices of events that became durable but whose notice was never written: the hall server as its own
 * process (the launcher, the file journal, the outbox notifier) whose outbox cannot be written (its disk is
 * full: the outbox is {@code /dev/full}, where every write fails with {@code ENOSPC}), killed with
 * {@code kill -9}, then started again with room on the disk. Each notice still due is then in the outbox exactly
 * once, a second restart writes nothing, and nothing is sent for a booking cancelled or checked in meanwhile.
 *
 * <p>The hall's zone is a fixed offset chosen so that its local time is 12:10 when the test starts: a slot of
 * today can be booked, checked in and called with the server's real clock.
 */
@ExtendWith(VertxExtension.class)
class NoticesAfterCrashTest {

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
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldSendEachNoticeStillDueOnceAfterACrashThatCameBeforeTheyWereWritten(Vertx vertx, @TempDir Path dir)
            throws Exception {
        NoticeHall fixture = NoticeHall.onAFullDisk(dir);
        Path tokens = fixture.tokens();
        Path hall = fixture.hall();
        Path data = fixture.data();
        Path outbox = fixture.outbox();
        ZoneOffset zone = fixture.zone();
        client = WebClient.create(vertx);
        LocalDate today = LocalDateTime.ofInstant(Instant.now(), zone).toLocalDate();

        Path firstLog = dir.resolve("first.log");
        int port = start(data, tokens, hall, firstLog);
        JsonObject ahead = book(port, today.plusDays(2) + "T10:00", 1);
        JsonObject cancelled = book(port, today.plusDays(2) + "T10:30", 2);
        JsonObject checkedIn = book(port, today + "T12:30", 3);
        HttpResponse<Buffer> ticket = send(port, HttpMethod.POST, HALL + "/appointments/check-in", KIOSK,
                new JsonObject().put("code", checkedIn.getString("code")));
        assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(201);
        send(port, HttpMethod.POST, HALL + "/windows/1/open", TestServer.window("1"),
                new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
        HttpResponse<Buffer> called = send(port, HttpMethod.POST, HALL + "/windows/1/call-next",
                TestServer.window("1"), null);
        assertThat(called.statusCode()).as(called.bodyAsString()).isEqualTo(200);
        assertThat(called.bodyAsJsonObject().getLong("id")).isEqualTo(ticket.bodyAsJsonObject().getLong("id"));
        HttpResponse<Buffer> cancel = send(port, HttpMethod.DELETE,
                "/api/v1/appointments/" + cancelled.getString("manageUrl").substring(3), null, null);
        assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(200);
        String callId = "demo/t" + ticket.bodyAsJsonObject().getLong("id") + "/called";
        awaitLine(firstLog, "notice " + callId + " not sent");
        assertThat(Files.readString(firstLog)).as("the outbox's disk refused every notice")
                .contains("notice demo/b" + ahead.getLong("id") + "/code not sent")
                .contains("notice demo/b" + cancelled.getLong("id") + "/code not sent");

        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Files.delete(outbox); // the disk has room again
        Path secondLog = dir.resolve("second.log");
        start(data, tokens, hall, secondLog);
        awaitLine(secondLog, "notices still due after recovery");
        List<JsonObject> sent = NoticeHall.notices(outbox);

        String codeId = "demo/b" + ahead.getLong("id") + "/code";
        assertThat(sent).extracting(n -> n.getString("id")).as("the code still ahead and the call, once each; "
                + "not the code of the booking cancelled or checked in").containsExactlyInAnyOrder(codeId, callId);
        JsonObject code = sent.stream().filter(n -> n.getString("id").equals(codeId)).findFirst().orElseThrow();
        assertThat(code.getString("kind")).isEqualTo("BOOKED");
        assertThat(code.getString("text")).contains("签到码 " + ahead.getString("code"));
        JsonObject call = sent.stream().filter(n -> n.getString("id").equals(callId)).findFirst().orElseThrow();
        assertThat(call.getString("kind")).isEqualTo("CALLED");
        assertThat(call.getString("text")).endsWith("请 " + ticket.bodyAsJsonObject().getString("number")
                + " 号到 1号窗口办理");
        assertThat(call.getString("phone")).isEqualTo("13912345678");

        String before = Files.readString(outbox);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Path thirdLog = dir.resolve("third.log");
        start(data, tokens, hall, thirdLog);
        awaitLine(thirdLog, "notices still due after recovery");

        assertThat(Files.readString(thirdLog)).contains("2 notices still due after recovery, 0 sent now");
        assertThat(Files.readString(outbox)).as("a second restart writes none again").isEqualTo(before);
    }

    private JsonObject book(int port, String start, int person) {
        HttpResponse<Buffer> r = send(port, HttpMethod.POST, HALL + "/appointments", null, NoticeHall.booking(start, person));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    /** Waits until the server's log holds the text (its notices are written after it is ready). */
    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the log never said \"" + text + "\":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** Starts the server as a child process and returns its port once it printed that it is ready. */
    private int start(Path data, Path tokens, Path hall, Path log) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the server's own logging (INFO), not the tests' (WARN): the desk says when it has looked
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--instances", "1",
                "--data", data.toString(), "--tokens", tokens.toString(), "--hall", hall.toString());
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

    private HttpResponse<Buffer> send(int port, HttpMethod method, String path, String token, JsonObject body) {
        HttpRequest<Buffer> r = client.request(method, port, "127.0.0.1", path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return (body == null ? r.send() : r.sendJsonObject(body)).await();
    }
}
