package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.hall.ServerStats;
import io.onewindow.display.http.ApiVerticle;
import io.onewindow.display.store.Journals;
import io.onewindow.display.store.TestJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A kiosk that sends while the journal cannot keep up is told to come back (429), and nothing changes. */
@ExtendWith(VertxExtension.class)
class OverloadTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldTurnAwayCommandsWhileTooManyWaitForTheJournal(Vertx vertx, @TempDir Path dir) throws Exception {
        HallDefinition demo = HallDefinitions.demo();
        TestJournal journal = new TestJournal(Journals.embedded().open(demo, dir));
        journal.hold();
        LiveHall hall = new LiveHall(new LockFreeDispatcher(demo, Clock.systemUTC(), new PersonKeys(new byte[16])),
                journal, new HallMetrics(demo), new ServerStats(), false, 2);
        hall.recover();
        ApiVerticle api = new ApiVerticle(new Halls(List.of(hall)), Tokens.parse(TestServer.TOKENS),
                new ServerStats(), router -> { }, "127.0.0.1", 0);
        String deployment = vertx.deployVerticle(api).await();
        WebClient client = WebClient.create(vertx);
        JsonObject body = new JsonObject().put("category", "A");

        Future<HttpResponse<Buffer>> first = client.post(api.actualPort(), "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(body);
        Future<HttpResponse<Buffer>> second = client.post(api.actualPort(), "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(body);
        for (int i = 0; i < 400 && !hall.overloaded(); i++) {
            Thread.sleep(10);
        }
        assertThat(hall.overloaded()).as("two commands wait for the stalled journal; first: %s",
                first.isComplete() ? first.result().bodyAsString() : "pending").isTrue();
        HttpResponse<Buffer> third = client.post(api.actualPort(), "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(body).await();
        long seqWhileStalled = hall.dispatcher().snapshot().seq();
        journal.releaseHeld();
        int firstStatus = first.await().statusCode();
        int secondStatus = second.await().statusCode();
        Future<HttpResponse<Buffer>> later = client.post(api.actualPort(), "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(TestServer.KIOSK).sendJsonObject(body);
        for (int i = 0; i < 400 && hall.dispatcher().snapshot().seq() < 3; i++) {
            Thread.sleep(10);
        }
        journal.releaseHeld();
        HttpResponse<Buffer> fourth = later.await();
        client.close();
        vertx.undeploy(deployment).await();

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.getHeader("Retry-After")).isEqualTo("1");
        assertThat(third.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(seqWhileStalled).isEqualTo(2L);
        assertThat(firstStatus).isEqualTo(201);
        assertThat(secondStatus).isEqualTo(201);
        assertThat(fourth.statusCode()).isEqualTo(201);
        assertThat(fourth.bodyAsJsonObject().getString("number")).isEqualTo("A003");
    }
}
