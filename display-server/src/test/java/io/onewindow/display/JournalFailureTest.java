package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.FullDiskChannel;
import io.onewindow.display.store.JournalFactory;
import io.onewindow.display.store.Journals;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hall whose journal fails (here: the disk fills up) never runs ahead of it: it stops taking commands before
 * they change anything, says why, rebuilds itself from what is durable and serves again by itself.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalFailureTest {

    private static final String TICKETS = "/api/v1/halls/demo/tickets";
    private static final String CALL_NEXT_1 = "/api/v1/halls/demo/windows/1/call-next";

    private static void assertJournalUnavailable(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("JOURNAL_UNAVAILABLE");
    }

    @Test
    void shouldStopTakingCommandsOnAFullDiskAndServeAgainByItselfFromWhatIsDurable(Vertx vertx, @TempDir Path dir)
            throws Exception {
        AtomicReference<FullDiskChannel> disk = new AtomicReference<>();
        JournalFactory onSmallDisk = (hall, dataDir) -> new FileJournal(FileJournal.path(dataDir, hall.id()),
                new EventCodec(hall), ch -> {
                    disk.set(new FullDiskChannel(ch));
                    return disk.get();
                });
        JsonObject durableQueue;
        try (TestServer s = TestServer.start(vertx, dir, onSmallDisk, ServerConfig.embedded(dir))) {
            s.open("1");
            JsonObject a1 = s.issue("A");
            s.issue("A");
            durableQueue = s.queue();

            disk.get().fill();
            assertJournalUnavailable(s.post(CALL_NEXT_1, window("1")));

            // from here the hall turns commands away before they reach the line, and says why everywhere
            assertJournalUnavailable(s.post(TICKETS, KIOSK, new JsonObject().put("category", "A")));
            assertJournalUnavailable(s.post(CALL_NEXT_1, window("1")));
            assertJournalUnavailable(s.get("/health/ready", null));
            assertJournalUnavailable(s.get("/api/v1/halls/demo/queue", null));
            assertJournalUnavailable(s.get(TICKETS + "/" + a1.getLong("id"), KIOSK));
            assertThat(s.get("/health/live", null).statusCode()).isEqualTo(200);

            disk.get().free();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s.get("/health/ready", null).statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(s.get("/health/ready", null).statusCode()).as("serves again by itself").isEqualTo(200);
            assertThat(s.queue()).as("the line as it was durable: the refused call is not in it")
                    .isEqualTo(durableQueue);
            assertThat(s.get(TICKETS + "/" + a1.getLong("id"), KIOSK).bodyAsJsonObject().getString("state"))
                    .isEqualTo("WAITING");

            HttpResponse<Buffer> called = s.post(CALL_NEXT_1, window("1"));
            assertThat(called.statusCode()).isEqualTo(200);
            assertThat(called.bodyAsJsonObject().getString("number")).isEqualTo("A001");
            assertThat(s.issue("A").getString("number")).isEqualTo("A003");
        }

        try (TestServer restarted = TestServer.start(vertx, dir, Journals.embedded(), ServerConfig.embedded(dir))) {
            JsonObject queue = restarted.queue();
            assertThat(queue.getLong("seq")).isEqualTo(durableQueue.getLong("seq") + 2);
            assertThat(queue.encode()).contains("A001").contains("A002").contains("A003");
        }
    }
}
