package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.display.store.JournalFactory;
import io.onewindow.display.store.Journals;
import io.onewindow.display.store.TestJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a load balancer and a hall see while the server starts: not ready until replayed; yesterday closed. */
@ExtendWith(VertxExtension.class)
class StartUpTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAnswerLiveButNotReadyWhileReplaying(Vertx vertx, @TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(tokens, TestServer.TOKENS);
        List<TestJournal> journals = new ArrayList<>();
        JournalFactory slow = (hall, dataDir) -> {
            TestJournal journal = new TestJournal(Journals.embedded().open(hall, dataDir));
            journal.holdReplay();
            journals.add(journal);
            return journal;
        };
        ServerConfig config = new ServerConfig("127.0.0.1", port, dir, List.of(), null, tokens, 1);
        WebClient client = WebClient.create(vertx);

        Future<HallServer> starting = HallServer.start(vertx, config, slow);
        HttpResponse<Buffer> live = null;
        for (int i = 0; i < 200 && (live == null || live.statusCode() != 200); i++) {
            try {
                live = client.get(port, "127.0.0.1", "/health/live").send().await();
            } catch (Exception notListeningYet) {
                Thread.sleep(50);
            }
        }
        HttpResponse<Buffer> ready = client.get(port, "127.0.0.1", "/health/ready").send().await();
        HttpResponse<Buffer> issue = client.post(port, "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(new JsonObject().put("category", "A"))
                .await();
        HttpResponse<Buffer> display = client.get(port, "127.0.0.1", "/sse/v1/halls/demo/display").send().await();
        journals.forEach(TestJournal::releaseReplay);
        HallServer server = starting.await();
        HttpResponse<Buffer> readyAfter = client.get(port, "127.0.0.1", "/health/ready").send().await();
        Future.await(server.close());
        client.close();

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NOT_READY");
        assertThat(issue.statusCode()).isEqualTo(503);
        assertThat(display.statusCode()).as("a display stream waits for the recovered line, as the API does")
                .isEqualTo(503);
        assertThat(display.getHeader("Content-Type")).startsWith("application/json");
        assertThat(display.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NOT_READY");
        assertThat(readyAfter.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCloseYesterdayWhenStartingAfterMidnight(Vertx vertx, @TempDir Path dir) throws Exception {
        VirtualClock yesterday = new VirtualClock(Instant.now().minus(Duration.ofDays(1)));
        LockFreeDispatcher before = new LockFreeDispatcher(HallDefinitions.demo(), yesterday,
                new PersonKeys(new byte[16]));
        Path journalFile = FileJournal.path(dir, "demo");
        Files.createDirectories(journalFile.getParent());
        EventCodec codec = new EventCodec(HallDefinitions.demo());
        try (FileJournal journal = new FileJournal(journalFile, codec)) {
            journal.replay(e -> { });
            journal.append((Event) before.issue(IssueRequest.of("A"))).get(10, TimeUnit.SECONDS);
            journal.append((Event) before.issue(IssueRequest.of("A"))).get(10, TimeUnit.SECONDS);
        }

        TestServer server = TestServer.start(vertx, dir, Journals.embedded(), ServerConfig.embedded(dir));
        JsonObject line = server.queue();
        JsonObject today = server.issue("A");
        server.close();

        assertThat(line.getLong("seq")).isEqualTo(3L);
        assertThat(line.getJsonObject("categories").getJsonObject("A").getInteger("waiting")).isZero();
        List<Event> journaled = new ArrayList<>();
        FileJournal.read(journalFile, codec, journaled::add);
        assertThat(journaled.get(2)).isInstanceOf(Event.DayClosed.class);
        assertThat(today.getString("number")).isEqualTo("A001");
    }
}
