package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.store.JournalFactory;
import io.onewindow.display.store.Journals;
import io.onewindow.display.store.TestJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

/** Reads and refusals answer from what is durable: nothing a crash could take back leaves the server. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableAnswersTest {

    @Test
    void shouldAnswerReadsAndRefusalsOnlyFromADurableState(Vertx vertx, @TempDir Path dir) throws Exception {
        AtomicReference<TestJournal> gate = new AtomicReference<>();
        JournalFactory gated = (hall, dataDir) -> {
            gate.set(new TestJournal(Journals.embedded().open(hall, dataDir)));
            return gate.get();
        };
        try (TestServer s = TestServer.start(vertx, dir, gated, ServerConfig.embedded(dir))) {
            s.open("1");
            JsonObject a1 = s.issue("A");

            gate.get().hold(); // the disk stalls: the call below is decided but not durable
            Future<HttpResponse<Buffer>> call = s.request(HttpMethod.POST,
                    "/api/v1/halls/demo/windows/1/call-next", window("1")).send();
            while (!calledInMemory(s)) {
                Thread.sleep(5);
            }
            Future<HttpResponse<Buffer>> queue = s.request(HttpMethod.GET, "/api/v1/halls/demo/queue", null).send();
            Future<HttpResponse<Buffer>> ticket = s.request(HttpMethod.GET,
                    "/api/v1/halls/demo/tickets/" + a1.getLong("id"), KIOSK).send();
            Future<HttpResponse<Buffer>> busy = s.request(HttpMethod.POST,
                    "/api/v1/halls/demo/windows/1/call-next", window("1")).send(); // refused: window busy
            Thread.sleep(500);

            assertThat(answered(queue)).as("the line with an undurable call").doesNotContain("\"CALLED\"");
            assertThat(answered(ticket)).as("the ticket as an undurable call left it").doesNotContain("CALLED");
            assertThat(answered(busy)).as("a refusal decided on an undurable state").doesNotContain("WINDOW_BUSY");

            gate.get().pass();
            assertThat(call.await().statusCode()).isEqualTo(200);
            assertThat(ticket.await().bodyAsJsonObject().getString("state")).isEqualTo("CALLED");
            assertThat(busy.await().bodyAsJsonObject().getJsonObject("error").getString("code"))
                    .isEqualTo("WINDOW_BUSY");
            assertThat(queue.await().statusCode()).isEqualTo(200);
        }
    }

    /** What a response said if it came, else "" (not answered yet). */
    private static String answered(Future<HttpResponse<Buffer>> f) {
        return f.isComplete() && f.succeeded() ? f.result().bodyAsString() : "";
    }

    private static boolean calledInMemory(TestServer s) {
        return s.server().halls().hall("demo").dispatcher().snapshot().seq() == 3;
    }
}
