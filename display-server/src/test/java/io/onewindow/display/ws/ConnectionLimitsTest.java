package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;
import static io.onewindow.display.ws.StreamClients.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.http.ConnectionLimits;
import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Screens and phones cannot hold the server open without limit: per address, in all, idle, or with big frames. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLimitsTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    private static final String DISPLAY = "/ws/v1/halls/demo/display";

    private static int refusedStatus(Vertx vertx, int port) {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            Throwable t = awaitFailure(client.connect(port, "localhost", DISPLAY));
            assertThat(t).isInstanceOf(UpgradeRejectedException.class);
            return ((UpgradeRejectedException) t).getStatus();
        } finally {
            client.close();
        }
    }

    @Test
    void shouldRefuseAStreamPastTheLimitOfItsAddressAndAdmitItOnceOneCloses(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall, new ConnectionLimits(2, 100, 60, 4096));
        Ws first = new Ws(vertx, server.port(), DISPLAY);
        Ws second = new Ws(vertx, server.port(), DISPLAY);
        first.next();
        second.next();

        assertThat(refusedStatus(vertx, server.port())).isEqualTo(429);

        first.close();
        Ws third = null;
        for (int i = 0; i < 100 && third == null; i++) { // the close reaches the server a moment later
            try {
                third = new Ws(vertx, server.port(), DISPLAY);
            } catch (AssertionError stillCounted) {
                third = null;
            }
        }
        assertThat(third).isNotNull();
        assertThat(third.next().getString("type")).isEqualTo("Snapshot");
    }

    @Test
    void shouldRefuseAStreamPastTheServersTotal(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall, new ConnectionLimits(100, 2, 60, 4096));
        new Ws(vertx, server.port(), DISPLAY).next();
        new Ws(vertx, server.port(), DISPLAY).next();

        assertThat(refusedStatus(vertx, server.port())).isEqualTo(503);
    }

    @Test
    void shouldCloseADisplayThatSendsAFrameLargerThanTheLimit(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall, new ConnectionLimits(100, 100, 60, 4096));
        Ws display = new Ws(vertx, server.port(), DISPLAY);
        display.next();

        await(display.ws.writeTextMessage("x".repeat(60_000)));

        assertThat(display.closed.get(20, TimeUnit.SECONDS)).as("closed by the server").isNotNull();
    }

    @Test
    void shouldCloseAConnectionThatStaysIdle(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall, new ConnectionLimits(100, 100, 1, 4096));
        CompletableFuture<Void> closed = new CompletableFuture<>();
        NetSocket socket = await(vertx.createNetClient().connect(server.port(), "localhost"));
        socket.closeHandler(v -> closed.complete(null));

        closed.get(20, TimeUnit.SECONDS); // sends nothing: the server lets it go after the idle timeout
    }
}
