package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A drain that lagged behind the ring while the journal was slow starts again from what is durable, never from
 * the hall's newer state: a display that resumes afterwards is sent no event that a crash could take back.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableAfterLagTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    private static final String DISPLAY = "/ws/v1/halls/demo/display";

    @Test
    void shouldSendAResumingDisplayNothingPastTheDurableSequenceAfterTheDrainLagged(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(16);
        hall.issue("A");
        StreamServer server = StreamServer.start(vertx, hall);
        Ws first = new Ws(vertx, server.port(), DISPLAY);
        assertThat(first.next().getString("type")).isEqualTo("Snapshot");

        List<Event> held = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 decided, more than the ring holds, while the journal lags
            held.add(hall.hold(d -> d.issue(IssueRequest.of("A"))));
        }
        hall.journal.releaseHeld(29).get(10, TimeUnit.SECONDS); // caught up to seq 30 of 41; the drain has lagged
        first.roundTrip();
        long durable = hall.journal.durableSeq();
        assertThat(durable).isEqualTo(30);

        Ws resumed = new Ws(vertx, server.port(), DISPLAY + "?since=30");
        resumed.roundTrip();
        first.roundTrip();

        assertThat(resumed.messages).as("nothing that is not durable yet").allSatisfy(
                m -> assertThat(m.getLong("seq")).isLessThanOrEqualTo(durable));
        assertThat(first.messages).allSatisfy(m -> assertThat(m.getLong("seq")).isLessThanOrEqualTo(durable));

        hall.journal.pass().get(10, TimeUnit.SECONDS);
        List<JsonObject> rest = new ArrayList<>(resumed.messages);
        resumed.messages.clear();
        while (rest.isEmpty() || rest.get(rest.size() - 1).getLong("seq") < 41) {
            rest.add(next(resumed.messages));
        }
        assertThat(rest).extracting(m -> m.getLong("seq")).as("then every event once it is durable, in order")
                .containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L, 41L);
    }
}
