package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.onewindow.display.ws.StreamClients.Ws;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrackStreamTest {

    @RegisterExtension
    final FileJournalHalls halls = new FileJournalHalls();

    @Test
    void shouldFollowTheTicketThroughItsPositionsTheNoticeAndTheCall(Vertx vertx) throws Exception {
        TestHall hall = halls.hall(1024);
        hall.openWindows("1", "2");
        for (int i = 0; i < 4; i++) {
            hall.issue("A");
        }
        hall.issueTracked("A", "tok-a005");
        StreamServer server = StreamServer.start(vertx, hall);

        Ws phone = new Ws(vertx, server.port(), "/ws/v1/track/tok-a005");
        JsonObject first = phone.next();
        hall.run(d -> d.callNext("1")); // A001
        JsonObject fourth = phone.next();
        hall.run(d -> d.callNext("2")); // A002
        JsonObject third = phone.next();
        JsonObject notice = phone.next();
        hall.run(d -> d.start("1"));
        hall.run(d -> d.complete("1")); // the line of A does not move: no message
        hall.run(d -> d.callNext("1")); // A003
        JsonObject second = phone.next();
        hall.run(d -> d.noShow("2"));
        hall.run(d -> d.callNext("2")); // A004
        JsonObject next = phone.next();
        hall.run(d -> d.noShow("1"));
        hall.run(d -> d.callNext("1")); // A005: this ticket
        JsonObject called = phone.next();
        hall.run(d -> d.recall("1"));
        JsonObject recalled = phone.next();
        hall.run(d -> d.start("1"));
        JsonObject serving = phone.next();
        hall.run(d -> d.complete("1"));
        JsonObject completed = phone.next();
        Short closeCode = phone.closed.get(StreamClients.WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals("Ticket", first.getString("type"));
        assertEquals("A005", first.getString("number"));
        assertEquals("WAITING", first.getString("state"));
        assertEquals(5, first.getInteger("position"));
        assertThat(first.getLong("estimatedWaitSeconds")).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(first.getLong("estimatedWaitLowSeconds")).isNotNull()
                .isLessThanOrEqualTo(first.getLong("estimatedWaitSeconds"));
        assertThat(first.getLong("estimatedWaitHighSeconds")).isNotNull()
                .isGreaterThanOrEqualTo(first.getLong("estimatedWaitSeconds"));
        assertThat(fourth.getLong("estimatedWaitHighSeconds")).isNotNull()
                .isGreaterThanOrEqualTo(fourth.getLong("estimatedWaitLowSeconds"));
        assertThat(java.util.List.of(fourth, third, second, next)).extracting(m -> m.getString("type"))
                .containsOnly("Position");
        assertThat(java.util.List.of(fourth, third, second, next)).extracting(m -> m.getInteger("position"))
                .containsExactly(4, 3, 2, 1);
        assertEquals("AlmostYourTurn", notice.getString("type"));
        assertEquals(3, notice.getInteger("position"));
        assertEquals("Called", called.getString("type"));
        assertEquals("A005", called.getString("number"));
        assertEquals("1号窗口", called.getString("window"));
        assertEquals(0, called.getInteger("recallCount"));
        assertEquals("Called", recalled.getString("type"));
        assertEquals(1, recalled.getInteger("recallCount"));
        assertEquals("State", serving.getString("type"));
        assertEquals("SERVING", serving.getString("state"));
        assertEquals("COMPLETED", completed.getString("state"));
        assertEquals((short) 1000, closeCode);
        assertThat(phone.messages).as("nothing else was sent").isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownTokenBeforeTheUpgrade(Vertx vertx) {
        TestHall hall = halls.hall(1024);
        StreamServer server = StreamServer.start(vertx, hall);

        Throwable refused = StreamClients.awaitFailure(
                vertx.createWebSocketClient().connect(server.port(), "localhost", "/ws/v1/track/no-such-token"));

        assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
        assertEquals(404, ((UpgradeRejectedException) refused).getStatus());
    }
}
