package io.onewindow.display.http;

import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The hall screen on the whole server: what a kiosk and a window do shows on it, in order. */
@ExtendWith(VertxExtension.class)
class DisplayOnServerTest {

    private TestServer server;
    private WebSocketClient sockets;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        server = TestServer.start(vertx, dir);
        sockets = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() {
        sockets.close();
        server.close();
    }

    private static JsonObject next(BlockingQueue<JsonObject> q) throws InterruptedException {
        JsonObject m = q.poll(20, TimeUnit.SECONDS);
        assertThat(m).as("a message within 20 s").isNotNull();
        return m;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldShowTheIssueAndTheCallOnTheHallScreen() throws Exception {
        server.issue("A");
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        // the handler is set before connecting: the Snapshot comes at once, and a handler attached to the connect
        // future from this thread may come after it (a thread descheduled on a loaded machine: message dropped)
        ClientWebSocket ws = sockets.webSocket();
        ws.textMessageHandler(t -> received.add(new JsonObject(t)));
        ws.connect(server.port(), "127.0.0.1", "/ws/v1/halls/demo/display").await();

        JsonObject snapshot = next(received);
        double gauge = PrometheusScrape.parse(server.get("/metrics", null).bodyAsString())
                .value("onewindow_display_clients");
        server.open("1");
        server.post("/api/v1/halls/demo/windows/1/call-next", window("1"));
        JsonObject opened = next(received);
        JsonObject called = next(received);

        assertThat(snapshot.getString("type")).isEqualTo("Snapshot");
        assertThat(snapshot.getLong("seq")).isEqualTo(1L);
        assertThat(gauge).isEqualTo(1);
        assertThat(opened.getString("type")).isEqualTo("WindowOpened");
        assertThat(opened.getLong("seq")).isEqualTo(2L);
        assertThat(called.getString("type")).isEqualTo("TicketCalled");
        assertThat(called.getLong("seq")).isEqualTo(3L);
        assertThat(called.getString("number")).isEqualTo("A001");
        assertThat(called.getString("window")).isEqualTo("1号窗口");
        ws.close();
    }
}
