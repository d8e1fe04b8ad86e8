package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;
import static io.onewindow.display.ws.StreamClients.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowClientTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    private static final String DISPLAY = "/ws/v1/halls/demo/display";

    @Test
    void shouldCutClientThatStopsReadingWhileAnotherReceivesEveryEvent(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1 << 14);
        // small socket buffers and an 8 KiB write queue, so a client that stops reading fills them quickly
        StreamServer server = StreamServer.start(vertx, hall, new StreamConfig(8192, 256, 15_000, 256),
                new HttpServerOptions().setSendBufferSize(4096).setWebSocketClosingTimeout(1));
        Ws reader = new Ws(vertx, server.port(), DISPLAY);
        reader.next();
        StalledClient stalled = new StalledClient(vertx, server.port(), DISPLAY);

        List<Long> issued = new ArrayList<>();
        List<Long> received = new ArrayList<>();
        for (int round = 0; round < 150; round++) {
            for (int i = 0; i < 20; i++) {
                issued.add(hall.issue("A").seq());
            }
            for (JsonObject m : next(reader.messages, 20)) {
                received.add(m.getLong("seq"));
            }
        }
        StreamStats stats = server.streams().stats();
        stalled.socket.resume();

        assertThat(stalled.head.toString()).startsWith("HTTP/1.1 101");
        assertThat(received).as("every event, in order, to the client that reads").isEqualTo(issued);
        assertEquals(1, stats.slowClientsCut(), "the client that stopped reading is cut off");
        assertEquals(1, stats.displayWebSockets(), "only the reading client is still counted");
        stalled.closed.get(StreamClients.WAIT_SECONDS, TimeUnit.SECONDS); // and its connection is closed
    }

    /** A raw TCP client that does the WebSocket handshake, then never reads again. */
    private static final class StalledClient {
        final StringBuilder head = new StringBuilder();
        final CompletableFuture<Void> upgraded = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final NetSocket socket;
        private final NetClient client; // held: an unreachable client is closed by its cleaner

        StalledClient(Vertx vertx, int port, String uri) throws Exception {
            client = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096));
            socket = await(client.connect(port, "localhost"));
            socket.handler(buf -> {
                if (!upgraded.isDone()) {
                    head.append(buf.toString(StandardCharsets.ISO_8859_1));
                    if (head.indexOf("\r\n\r\n") >= 0) {
                        socket.pause(); // from here on, nothing is read: the server's writes pile up
                        upgraded.complete(null);
                    }
                }
            });
            socket.closeHandler(v -> closed.complete(null));
            await(socket.write("GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"));
            upgraded.get(StreamClients.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
