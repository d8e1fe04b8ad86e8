package io.onewindow.core.journal;

import static io.onewindow.core.journal.EventCodecTest.MONDAY_MORNING;
import static io.onewindow.core.journal.EventCodecTest.SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Category;
import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.LockedDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A checkpoint written and read back starts a dispatcher at the hall that was: given the events after it, the
 * restored hall shows the same line, windows, numbers and appointments, and decides every later command as the
 * hall that never stopped. This is what lets a journal drop old days (retention) without changing the hall.
 */
@Timeout(60)
class CheckpointCodecTest {

    private final HallDefinition hall = HallDefinitions.demo();
    private final CheckpointCodec codec = new CheckpointCodec(hall);

    @Test
    void shouldRestoreTheSameHallFromACheckpointAtAnyEventAndDecideTheSameAfterwards() throws IOException {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher before = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        List<Event> events = new HallScript(before, clock, 7).run(3_000);
        assertThat(events.stream().filter(e -> e instanceof Event.DayClosed).count()).as("days closed").isPositive();
        assertThat(events.stream().filter(e -> e instanceof Event.AppointmentBooked).count()).as("bookings")
                .isPositive();

        for (int cut : new int[] {0, 1, 17, 400, 1_234, events.size() / 2, events.size() - 1, events.size()}) {
            HallCheckpoint cp = HallCheckpoint.initial(hall);
            for (Event e : events.subList(0, cut)) {
                cp = cp.after(e);
            }
            String json = codec.encode(cp);
            HallCheckpoint back = codec.decode(json);
            assertThat(codec.encode(back)).as("written again, at %d", cut).isEqualTo(json);

            VirtualClock afterClock = new VirtualClock(MONDAY_MORNING);
            LockFreeDispatcher after = new LockFreeDispatcher(hall, afterClock, new PersonKeys(SALT));
            after.restore(back);
            assertThat(after.snapshot().seq()).isEqualTo(cut);
            events.subList(cut, events.size()).forEach(after::replay);

            assertSameLine(before, after, "from a checkpoint at " + cut);
            assertThat(after.bookings().all()).as("appointments").isEqualTo(before.bookings().all());

            // the restored hall decides as the one that never stopped
            VirtualClock beforeClock = new VirtualClock(MONDAY_MORNING);
            beforeClock.setMillis(clock.millis());
            afterClock.setMillis(clock.millis());
            LockedDispatcher twin = new LockedDispatcher(hall, beforeClock, new PersonKeys(SALT));
            events.forEach(twin::replay);
            List<Event> nextBefore = new HallScript(twin, beforeClock, 100 + cut).run(400);
            List<Event> nextAfter = new HallScript(after, afterClock, 100 + cut).run(400);
            assertThat(nextAfter).as("the next 400 commands after a checkpoint at %d", cut).isEqualTo(nextBefore);
        }
    }

    @Test
    void shouldContinueTheNumbersOfTheDayAfterACheckpoint() throws IOException {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher before = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        Event.TicketIssued first = (Event.TicketIssued) before.issue(IssueRequest.of("A"));
        Event.TicketIssued second = (Event.TicketIssued) before.issue(IssueRequest.of("A"));

        LockFreeDispatcher after = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        after.restore(codec.decode(codec.encode(HallCheckpoint.initial(hall).after(first).after(second))));

        Event.TicketIssued third = (Event.TicketIssued) after.issue(IssueRequest.of("A"));
        assertThat(third.ticket().number()).isEqualTo(before.issue(IssueRequest.of("A")) instanceof
                Event.TicketIssued t ? t.ticket().number() : null);
        assertThat(third.seq()).isEqualTo(3);
        assertThat(third.ticket().id()).isEqualTo(3);
    }

    @Test
    void shouldRefuseACheckpointOfAnotherHallOrFormatOrAStartedDispatcher() {
        HallDefinition other = HallDefinitions.parse(
                """
                {"id":"other","name":"Other","timezone":"Asia/Shanghai",
                 "categories":[{"code":"A","name":"A","prefix":"A"}],
                 "windows":[{"id":"1","name":"1","primary":["*"]}]}
                """);
        String json = new CheckpointCodec(other).encode(HallCheckpoint.initial(other));

        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(IOException.class).hasMessageContaining("other");
        assertThatThrownBy(() -> codec.decode(json.replace("\"v\":1", "\"v\":9")))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("{\"v\":1,\"h\":\"demo\"")).isInstanceOf(IOException.class);
        Dispatcher started = new LockFreeDispatcher(hall, new VirtualClock(MONDAY_MORNING), new PersonKeys(SALT));
        started.issue(IssueRequest.of("A"));
        assertThatThrownBy(() -> started.restore(HallCheckpoint.initial(hall)))
                .isInstanceOf(IllegalStateException.class);
    }

    static void assertSameLine(Dispatcher expected, Dispatcher actual, String as) {
        HallSnapshot e = expected.snapshot();
        HallSnapshot a = actual.snapshot();
        assertThat(a.seq()).as("sequence, " + as).isEqualTo(e.seq());
        assertThat(a.lastEventAtMillis()).as("time of the last event, " + as).isEqualTo(e.lastEventAtMillis());
        assertThat(a.waitingTickets()).as("waiting tickets, " + as).isEqualTo(e.waitingTickets());
        assertThat(a.windows()).as("windows, " + as).isEqualTo(e.windows());
        for (Category c : e.hall().categories()) {
            assertThat(a.lastSerial(c.code())).as("last number of " + c.code() + ", " + as)
                    .isEqualTo(e.lastSerial(c.code()));
            assertThat(a.next(c.code(), Integer.MAX_VALUE)).as("line of " + c.code() + ", " + as)
                    .isEqualTo(e.next(c.code(), Integer.MAX_VALUE));
        }
    }
}
