package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.display.ws.StreamClients.Sse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first screen of a hall on an event loop creates that loop's {@link LoopDrain}: it starts at what is durable
 * then, and the hall's wake-ups reach it once {@link HallFanout#register registered}. An event made durable in
 * between woke only the drains already there. The screen, resuming at the drain's start, goes live at once; it
 * must still be sent that event, not wait for the hall's next one (on a quiet hall: a call that never shows).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopDrainRegistrationTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    @Test
    void shouldSendAResumingScreenTheEventMadeDurableWhileItsLoopsDrainWasCreated(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        Event seen = hall.issue("A");
        HallFanout fanout = new HallFanout(hall.live, vertx, StreamConfig.DEFAULTS,
                new StreamCounters(new AtomicLong(), new AtomicLong()));
        Event called = hall.hold(d -> d.issue(IssueRequest.of("B"))); // decided and published, not durable yet
        // the event stream route, with the event made durable between the drain's creation and its registration:
        // the window that the loop thread, descheduled, leaves open to the journal thread
        HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
            HttpServerResponse res = req.response().setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8");
            LoopDrain drain = new LoopDrain(fanout, vertx.getOrCreateContext(), Thread.currentThread());
            vertx.executeBlocking(() -> hall.journal.pass().get(10, TimeUnit.SECONDS)).onComplete(durable -> {
                fanout.register(drain);
                drain.joinDisplay(new DisplaySink.SseDisplay(res, new AtomicLong(), new AtomicLong()), seen.seq());
            });
        }).listen(0));

        Sse screen = new Sse(vertx, server.actualPort(), "/", Map.of());
        JsonObject next = screen.next();

        assertEquals(String.valueOf(called.seq()), next.getString("id"), "the event made durable meanwhile");
        assertEquals("TicketIssued", next.getString("event"));
    }
}
