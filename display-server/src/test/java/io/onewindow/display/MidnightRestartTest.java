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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A server that was down over midnight closes yesterday before it takes this morning's first command. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MidnightRestartTest {

    @Test
    void shouldTakeNoCommandUntilTheDayLeftOpenOverMidnightIsDurablyClosed(Vertx vertx, @TempDir Path dir)
            throws Exception {
        VirtualClock yesterday = new VirtualClock(Instant.now().minus(Duration.ofDays(1)));
        LockFreeDispatcher before = new LockFreeDispatcher(HallDefinitions.demo(), yesterday,
                new PersonKeys(new byte[16]));
        Path journalFile = FileJournal.path(dir, "demo");
        EventCodec codec = new EventCodec(HallDefinitions.demo());
        try (FileJournal journal = new FileJournal(journalFile, codec)) {
            journal.replay(e -> { });
            journal.append((Event) before.issue(IssueRequest.of("A"))).get(10, TimeUnit.SECONDS);
            journal.append((Event) before.issue(IssueRequest.of("A"))).get(10, TimeUnit.SECONDS);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(tokens, TestServer.TOKENS);
        AtomicReference<TestJournal> gate = new AtomicReference<>();
        JournalFactory slowDisk = (hall, dataDir) -> {
            gate.set(new TestJournal(Journals.embedded().open(hall, dataDir)));
            gate.get().hold(); // the start-up close will wait for the disk
            return gate.get();
        };
        ServerConfig config = new ServerConfig("127.0.0.1", port, dir, List.of(), null, tokens, 1);
        WebClient client = WebClient.create(vertx);

        Future<HallServer> starting = HallServer.start(vertx, config, slowDisk);
        HttpResponse<Buffer> live = null;
        for (int i = 0; i < 200 && (live == null || live.statusCode() != 200); i++) {
            try {
                live = client.get(port, "127.0.0.1", "/health/live").send().await();
            } catch (Exception notListeningYet) {
                Thread.sleep(50);
            }
        }
        while (gate.get() == null) {
            Thread.sleep(10);
        }
        Thread.sleep(300); // recovery has replayed and the close waits at the gate
        Future<HttpResponse<Buffer>> early = client.post(port, "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(new JsonObject().put("category", "A"));
        HttpResponse<Buffer> readyWhileClosing = client.get(port, "127.0.0.1", "/health/ready").send().await();
        Thread.sleep(200);
        gate.get().pass();
        HallServer server = starting.await();
        HttpResponse<Buffer> earlyAnswer = early.await();
        HttpResponse<Buffer> issued = client.post(port, "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(new JsonObject().put("category", "A"))
                .await();
        JsonObject line = client.get(port, "127.0.0.1", "/api/v1/halls/demo/queue").send().await().bodyAsJsonObject();
        Future.await(server.close());
        client.close();

        assertThat(readyWhileClosing.statusCode()).isEqualTo(503);
        assertThat(earlyAnswer.statusCode()).as("no command before yesterday is closed: %s",
                earlyAnswer.bodyAsString()).isEqualTo(503);
        assertThat(earlyAnswer.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NOT_READY");
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.bodyAsJsonObject().getString("number")).isEqualTo("A001");
        assertThat(line.getJsonObject("categories").getJsonObject("A").getInteger("waiting"))
                .as("this morning's ticket still waits").isEqualTo(1);
        List<Event> journaled = new ArrayList<>();
        FileJournal.read(journalFile, codec, journaled::add);
        assertThat(journaled).hasSize(4);
        assertThat(journaled.get(2)).isInstanceOf(Event.DayClosed.class);
        assertThat(((Event.DayClosed) journaled.get(2)).day()).as("labelled with the day it closed")
                .isEqualTo(java.time.LocalDate.ofInstant(yesterday.instant(), HallDefinitions.demo().zone()));
    }
}
