package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.display.ws.StreamClients.Sse;
import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisplayStreamTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    private static final String DISPLAY = "/ws/v1/halls/demo/display";
    private static final String SSE = "/sse/v1/halls/demo/display";

    @Test
    void shouldSendSnapshotThenEveryEventInOrder(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.openWindows("1");
        hall.issue("A");
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);

        Ws display = new Ws(vertx, server.port(), DISPLAY);
        JsonObject snapshot = display.next();
        Event issued = hall.issue("B");
        Event called = hall.run(d -> d.callNext("1"));
        Event another = hall.issue("C");
        List<JsonObject> events = next(display.messages, 3);

        assertEquals("Snapshot", snapshot.getString("type"));
        assertEquals(3, snapshot.getLong("seq"));
        assertEquals(2, snapshot.getJsonObject("categories").getJsonObject("A").getInteger("waiting"));
        assertThat(snapshot.getJsonObject("categories").getJsonObject("A").getJsonArray("next").getList())
                .containsExactly("A001", "A002");
        assertThat(events).extracting(m -> m.getLong("seq")).containsExactly(issued.seq(), called.seq(), another.seq());
        assertThat(events).extracting(m -> m.getString("type"))
                .containsExactly("TicketIssued", "TicketCalled", "TicketIssued");
        assertEquals("A001", events.get(1).getString("number"));
        assertEquals("1号窗口", events.get(1).getString("window"));
        assertEquals(1, server.streams().stats().displayWebSockets());
    }

    @Test
    void shouldResumeFromSinceWithExactlyTheMissedEventsAndNoSnapshot(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        Ws first = new Ws(vertx, server.port(), DISPLAY);
        first.next();
        hall.issue("A");
        long lastSeen = first.next().getLong("seq");
        first.close();
        Event m1 = hall.issue("B");
        Event m2 = hall.issue("C");
        Event m3 = hall.issue("A");

        Ws again = new Ws(vertx, server.port(), DISPLAY + "?since=" + lastSeen);
        List<JsonObject> missed = next(again.messages, 3);
        Event marker = hall.issue("B");
        JsonObject afterMissed = again.next();

        assertThat(missed).extracting(m -> m.getString("type")).doesNotContain("Snapshot");
        assertThat(missed).extracting(m -> m.getLong("seq")).containsExactly(m1.seq(), m2.seq(), m3.seq());
        assertEquals(marker.seq(), afterMissed.getLong("seq"), "nothing between the missed events and the next");
    }

    @Test
    void shouldSendSnapshotWhenSinceIsOlderThanTheRing(Vertx vertx) {
        TestHall hall = halls.hall(16);
        for (int i = 0; i < 40; i++) {
            hall.issue("A");
        }
        StreamServer server = StreamServer.start(vertx, hall);

        Ws display = new Ws(vertx, server.port(), DISPLAY + "?since=3");
        JsonObject snapshot = display.next();
        Event marker = hall.issue("B");
        JsonObject next = display.next();

        assertEquals("Snapshot", snapshot.getString("type"));
        assertEquals(40, snapshot.getLong("seq"));
        assertEquals(40, snapshot.getJsonObject("categories").getJsonObject("A").getInteger("waiting"));
        assertEquals(marker.seq(), next.getLong("seq"));
    }

    @Test
    void shouldSendSnapshotWhenSinceIsAheadOfTheHall(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);

        Ws display = new Ws(vertx, server.port(), DISPLAY + "?since=99");
        JsonObject snapshot = display.next();

        assertEquals("Snapshot", snapshot.getString("type"));
        assertEquals(1, snapshot.getLong("seq"));
    }

    @Test
    void shouldResumeServerSentEventsFromLastEventId(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        Sse first = new Sse(vertx, server.port(), SSE, Map.of());
        JsonObject snapshot = first.next();
        Event seen = hall.issue("A");
        JsonObject seenEvent = first.next();
        first.close();
        Event m1 = hall.issue("B");
        Event m2 = hall.run(d -> d.issue(IssueRequest.of("C")));

        Sse again = new Sse(vertx, server.port(), SSE, Map.of("Last-Event-ID", seenEvent.getString("id")));
        List<JsonObject> missed = next(again.events, 2);
        Event marker = hall.issue("A");
        JsonObject afterMissed = again.next();

        assertEquals("text/event-stream; charset=utf-8", first.response.getHeader("Content-Type"));
        assertEquals("no-cache", first.response.getHeader("Cache-Control"));
        assertEquals("no", first.response.getHeader("X-Accel-Buffering"));
        assertEquals("Snapshot", snapshot.getString("event"));
        assertEquals("1", snapshot.getString("id"));
        assertEquals(String.valueOf(seen.seq()), seenEvent.getString("id"));
        assertThat(missed).extracting(e -> e.getString("id"))
                .containsExactly(String.valueOf(m1.seq()), String.valueOf(m2.seq()));
        assertThat(missed).extracting(e -> e.getString("event")).containsOnly("TicketIssued");
        assertThat(missed).extracting(e -> e.getJsonObject("data").getLong("seq")).containsExactly(m1.seq(), m2.seq());
        assertEquals(String.valueOf(marker.seq()), afterMissed.getString("id"));
    }

    @Test
    void shouldSendHeartbeatCommentsOnAQuietEventStream(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall, new StreamConfig(128 * 1024, 256, 50, 256),
                new HttpServerOptions());
        Sse display = new Sse(vertx, server.port(), SSE, Map.of());

        JsonObject snapshot = display.next();
        String first = display.comments.poll(StreamClients.WAIT_SECONDS, TimeUnit.SECONDS);
        String second = display.comments.poll(StreamClients.WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals("Snapshot", snapshot.getString("event"));
        assertEquals(": heartbeat", first);
        assertEquals(": heartbeat", second);
    }

    @Test
    void shouldDeliverNoEventAndNoSnapshotBeforeItIsDurable(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        Ws live = new Ws(vertx, server.port(), DISPLAY);
        live.next();

        Event held = hall.hold(d -> d.issue(IssueRequest.of("B")));
        Ws joining = new Ws(vertx, server.port(), DISPLAY);
        live.roundTrip();
        joining.roundTrip();
        boolean liveGotNothing = live.messages.isEmpty();
        boolean joiningGotNothing = joining.messages.isEmpty();
        hall.journal.pass();
        JsonObject event = live.next();
        JsonObject snapshot = joining.next();

        assertThat(liveGotNothing).as("no event past the durable sequence").isTrue();
        assertThat(joiningGotNothing).as("no snapshot that includes a non-durable event").isTrue();
        assertEquals(held.seq(), event.getLong("seq"));
        assertEquals("Snapshot", snapshot.getString("type"));
        assertEquals(held.seq(), snapshot.getLong("seq"));
    }

    @Test
    void shouldFindTheNettyChannelUnderARoutedRequest(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/probe").handler(ctx -> ctx.end(String.valueOf(StreamRoutes.channelOf(ctx.request()) != null)));
        HttpServer server = StreamClients.await(vertx.createHttpServer().requestHandler(router).listen(0));

        String found = StreamClients.await(vertx.createHttpClient()
                .request(HttpMethod.GET, server.actualPort(), "localhost", "/probe")
                .compose(req -> req.send().compose(HttpClientResponse::body))).toString();

        assertEquals("true", found, "display frames take the zero-copy, one-flush-per-batch path");
    }

    @Test
    void shouldRefuseUnknownHallBeforeTheUpgrade(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall);

        Throwable refused = StreamClients.awaitFailure(
                vertx.createWebSocketClient().connect(server.port(), "localhost", "/ws/v1/halls/nowhere/display"));

        assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
        assertEquals(404, ((UpgradeRejectedException) refused).getStatus());
    }

    @Test
    void shouldRefuseThroughTheSameErrorJsonAsTheApi(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall);

        JsonObject badSequence = refusal(vertx, server.port(), SSE + "?since=-1", 400);
        JsonObject unknownHall = refusal(vertx, server.port(), "/sse/v1/halls/nowhere/display", 404);
        JsonObject notAnUpgrade = refusal(vertx, server.port(), DISPLAY, 426);
        JsonObject unknownLink = refusal(vertx, server.port(), "/ws/v1/track/no-such-token", 404);

        assertEquals("BAD_SEQUENCE", badSequence.getString("code"));
        assertEquals("UNKNOWN_HALL", unknownHall.getString("code"));
        assertEquals("this server runs no hall \"nowhere\"", unknownHall.getString("message"));
        assertEquals("UPGRADE_REQUIRED", notAnUpgrade.getString("code"));
        assertEquals("UNKNOWN_TICKET", unknownLink.getString("code"));
    }

    /** A plain GET that must be refused with this status and the API's error JSON; its "error" object. */
    private static JsonObject refusal(Vertx vertx, int port, String uri, int status) {
        HttpClientResponse[] response = new HttpClientResponse[1];
        String body = StreamClients.await(vertx.createHttpClient()
                .request(HttpMethod.GET, port, "localhost", uri)
                .compose(req -> req.send().compose(res -> {
                    response[0] = res;
                    return res.body();
                }))).toString();
        assertEquals(status, response[0].statusCode(), body);
        assertEquals("application/json; charset=utf-8", response[0].getHeader("Content-Type"));
        return new JsonObject(body).getJsonObject("error");
    }
}
