package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.Outcome;
import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pass over many screens is written in slices: a command's answer, ready when its event became durable,
 * goes out after the first slice instead of waiting for every screen, and still every screen gets every event
 * once, in order, and nothing that is not durable.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlicedPassTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    private static final String DISPLAY = "/ws/v1/halls/demo/display";
    private static final int SCREENS = 8;

    @Test
    void shouldAnswerACommandAfterOneSliceOfThePassAndSendNothingUndurable(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1024);
        hall.openWindows("1");
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall, new StreamConfig(128 * 1024, 256, 15_000, 256, 1),
                new HttpServerOptions());
        List<Ws> screens = new ArrayList<>();
        for (int i = 0; i < SCREENS; i++) {
            Ws s = new Ws(vertx, server.port(), DISPLAY);
            assertThat(s.next().getString("type")).isEqualTo("Snapshot");
            screens.add(s);
        }
        List<LoopDrain> drains = server.streams().fanoutOf("demo").drains();
        assertThat(drains).as("every screen on the server's one event loop").hasSize(1);
        LoopDrain drain = drains.get(0);

        // the call and then a ticket are decided; the journal holds both
        hall.journal.hold();
        CompletableFuture<Outcome> call = hall.live.submit(() -> hall.dispatcher().callNext("1"));
        CompletableFuture<Outcome> issue = hall.live.submit(() -> hall.dispatcher().issue(IssueRequest.of("B")));
        long writtenBefore = server.streams().stats().eventsWritten();
        // the command's answer is queued on the screens' event loop once the call is durable, as the server's is
        CompletableFuture<Long> writtenWhenAnswered = new CompletableFuture<>();
        CountDownLatch answerQueued = new CountDownLatch(1);
        call.whenComplete((o, e) -> {
            drain.context().runOnContext(v -> writtenWhenAnswered.complete(
                    server.streams().stats().eventsWritten() - writtenBefore));
            answerQueued.countDown();
        });
        // the loop waits until the journal has told the fan-out and the command, in that order, as it does
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        drain.context().runOnContext(v -> {
            loopHeld.countDown();
            try {
                go.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(loopHeld.await(20, TimeUnit.SECONDS)).isTrue();
        hall.journal.releaseHeld(1).get(10, TimeUnit.SECONDS); // the call is durable; the ticket is not
        assertThat(answerQueued.await(20, TimeUnit.SECONDS)).isTrue();
        go.countDown();

        assertThat(writtenWhenAnswered.get(20, TimeUnit.SECONDS))
                .as("screens written the call when its answer went out: one slice, not all %d", SCREENS)
                .isLessThan(SCREENS);
        Event called = (Event) call.get(10, TimeUnit.SECONDS);
        for (Ws s : screens) {
            JsonObject m = s.next();
            assertThat(m.getString("type")).isEqualTo("TicketCalled");
            assertThat(m.getLong("seq")).isEqualTo(called.seq());
        }
        for (Ws s : screens) {
            s.roundTrip();
            assertThat(s.messages).as("nothing that is not durable yet").isEmpty();
        }

        hall.journal.pass().get(10, TimeUnit.SECONDS);
        Event issued = (Event) issue.get(10, TimeUnit.SECONDS);
        for (Ws s : screens) {
            JsonObject m = s.next();
            assertThat(m.getString("type")).isEqualTo("TicketIssued");
            assertThat(m.getLong("seq")).as("the next event once durable, no gap").isEqualTo(called.seq() + 1)
                    .isEqualTo(issued.seq());
        }
        assertThat(server.streams().stats().eventsWritten() - writtenBefore).isEqualTo(2L * SCREENS);
    }

    @Test
    void shouldKeepEveryScreenInOrderWhenEventsScreensAndHeartbeatsArriveDuringSlicedPasses(Vertx vertx)
            throws Exception {
        TestHall hall = halls.hall(1024);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall, new StreamConfig(128 * 1024, 256, 10, 256, 1),
                new HttpServerOptions());
        List<Ws> screens = new ArrayList<>();
        for (int i = 0; i < SCREENS; i++) {
            screens.add(new Ws(vertx, server.port(), DISPLAY));
        }
        List<CompletableFuture<Outcome>> commands = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            commands.add(hall.live.submit(() -> hall.dispatcher().issue(IssueRequest.of("A"))));
            if (i == 50) {
                for (int k = 0; k < 4; k++) { // screens that join while passes run
                    screens.add(new Ws(vertx, server.port(), DISPLAY));
                }
            }
        }
        CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        long last = hall.journal.durableSeq();

        for (Ws s : screens) {
            JsonObject first = s.next();
            assertThat(first.getString("type")).isEqualTo("Snapshot");
            long seq = first.getLong("seq");
            while (seq < last) {
                long got = next(s.messages).getLong("seq");
                assertThat(got).as("each event once, in order, after the Snapshot").isEqualTo(seq + 1);
                seq = got;
            }
        }
    }

    @ParameterizedTest(name = "{0} screens per slice")
    @ValueSource(ints = {1, 64})
    void shouldTellAPhoneEveryChangeWhetherThePassToTheScreensTakesOneSliceOrMany(int perSlice, Vertx vertx) {
        TestHall hall = halls.hall(1024);
        hall.openWindows("1");
        hall.issue("A");
        hall.issueTracked("A", "tok-a002");
        StreamServer server = StreamServer.start(vertx, hall,
                new StreamConfig(128 * 1024, 256, 15_000, 256, perSlice), new HttpServerOptions());
        List<Ws> screens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Ws s = new Ws(vertx, server.port(), DISPLAY);
            s.next();
            screens.add(s);
        }
        Ws phone = new Ws(vertx, server.port(), "/ws/v1/track/tok-a002");
        assertThat(phone.next().getInteger("position")).isEqualTo(2);

        hall.run(d -> d.callNext("1")); // A001
        hall.run(d -> d.noShow("1"));
        hall.run(d -> d.callNext("1")); // A002: the phone's ticket is called

        List<JsonObject> told = new ArrayList<>();
        do {
            told.add(phone.next());
        } while (!"Called".equals(told.get(told.size() - 1).getString("type")));
        assertThat(told.get(told.size() - 1).getString("number")).as("the phone's ticket called").isEqualTo("A002");
        for (Ws s : screens) {
            assertThat(List.of(s.next(), s.next(), s.next())).extracting(m -> m.getString("type"))
                    .containsExactly("TicketCalled", "TicketNoShow", "TicketCalled");
        }
    }
}
