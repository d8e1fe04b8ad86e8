package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.core.Event;
import io.onewindow.display.ws.RawScreen.Message;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * permessage-deflate on the display stream, as browsers ask for it: each message compressed once for the hall and
 * the same bytes sent to every screen that negotiated it, plain frames to the others, every event in order.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerMessageDeflateTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    private static final String DISPLAY = "/ws/v1/halls/demo/display";

    @Test
    void shouldSendTheSameCompressedBytesToEveryScreenThatAsksAndPlainFramesToTheOthers(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.openWindows("1", "2");
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        RawScreen first = new RawScreen(server.port(), DISPLAY, RawScreen.BROWSER_OFFER);
        RawScreen second = new RawScreen(server.port(), DISPLAY, RawScreen.BROWSER_OFFER);
        RawScreen plain = new RawScreen(server.port(), DISPLAY, null);
        List<RawScreen> screens = List.of(first, second, plain);
        List<Message> snapshots = screens.stream().map(RawScreen::next).toList();

        List<Event> events = new ArrayList<>();
        events.add(hall.issue("B"));
        events.add(hall.run(d -> d.callNext("1")));
        events.add(hall.issue("A"));
        events.add(hall.run(d -> d.callNext("2")));
        events.add(hall.run(d -> d.start("1")));
        List<List<Message>> received = new ArrayList<>();
        for (RawScreen s : screens) {
            List<Message> got = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                got.add(s.next());
            }
            received.add(got);
        }

        assertThat(first.extensions()).isEqualTo("permessage-deflate;server_no_context_takeover");
        assertThat(second.extensions()).isEqualTo("permessage-deflate;server_no_context_takeover");
        assertThat(plain.extensions()).as("nothing negotiated for a screen that did not ask").isNull();
        assertEquals("Snapshot", snapshots.get(2).json().getString("type"));
        assertThat(snapshots).extracting(Message::text).containsOnly(snapshots.get(2).text());
        assertThat(snapshots).extracting(Message::compressed).containsExactly(true, true, false);
        List<Message> plainEvents = received.get(2);
        assertThat(plainEvents).extracting(m -> m.json().getLong("seq"))
                .containsExactlyElementsOf(events.stream().map(Event::seq).toList());
        assertThat(plainEvents).extracting(Message::compressed).containsOnly(false);
        for (int screen = 0; screen < 2; screen++) {
            List<Message> got = received.get(screen);
            assertThat(got).extracting(Message::compressed).as("RSV1 on every frame").containsOnly(true);
            assertThat(got).extracting(Message::text).as("inflated: the plain screen's very text")
                    .containsExactlyElementsOf(plainEvents.stream().map(Message::text).toList());
        }
        for (int i = 0; i < events.size(); i++) {
            Message a = received.get(0).get(i);
            assertThat(received.get(1).get(i).payload()).as("the same compressed bytes to both screens")
                    .isEqualTo(a.payload());
        }
        assertThat(snapshots.get(0).payload()).as("the same compressed Snapshot").isEqualTo(snapshots.get(1).payload());
        assertThat(snapshots.get(0).payload().length).as("compressed").isLessThan(snapshots.get(2).payload().length);
        assertEquals("TicketCalled", plainEvents.get(1).json().getString("type"));
        assertEquals(1 + events.size(), server.streams().stats().messagesCompressed(),
                "the Snapshot and each event compressed once, not once per screen");
        screens.forEach(RawScreen::close);
    }

    @Test
    void shouldBeReadByVertxsOwnPermessageDeflateClientInOrder(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1024);
        hall.openWindows("1");
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setTryUsePerMessageCompression(true));
        BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(s -> messages.add(new JsonObject(s)));
        StreamClients.await(ws.connect(server.port(), "localhost", DISPLAY));
        JsonObject snapshot = StreamClients.next(messages);

        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seqs.add(hall.issue(i % 2 == 0 ? "A" : "B").seq());
        }
        seqs.add(hall.run(d -> d.callNext("1")).seq());
        List<JsonObject> events = StreamClients.next(messages, seqs.size());

        assertEquals("Snapshot", snapshot.getString("type"));
        assertThat(events).extracting(m -> m.getLong("seq")).containsExactlyElementsOf(seqs);
        assertEquals("TicketCalled", events.get(events.size() - 1).getString("type"));
        assertThat(server.streams().stats().messagesCompressed()).as("all sent compressed: its only screen asked")
                .isEqualTo(1 + seqs.size());
        StreamClients.await(client.close());
    }

    @Test
    void shouldSendPlainFramesToAScreenThatLimitsTheServersWindow(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        RawScreen screen = new RawScreen(server.port(), DISPLAY, "permessage-deflate; server_max_window_bits=10");

        Message snapshot = screen.next();
        Event issued = hall.issue("B");
        Message event = screen.next();

        assertThat(screen.extensions()).as("declined: the shared compressor uses the full window").isNull();
        assertThat(snapshot.compressed()).isFalse();
        assertThat(event.compressed()).isFalse();
        assertEquals(issued.seq(), event.json().getLong("seq"));
        assertEquals(0, server.streams().stats().messagesCompressed());
        screen.close();
    }
}
