package io.onewindow.core.journal;

import static io.onewindow.core.journal.EventCodecTest.MONDAY_MORNING;
import static io.onewindow.core.journal.EventCodecTest.SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RecoveryTest {

    private final HallDefinition hall = HallDefinitions.demo();

    @TempDir
    Path data;

    @Test
    void shouldBringBackTheSameLineNumbersAndSequenceAfterARestart() throws Exception {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher before = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        List<Event> events = new HallScript(before, clock, 21).run(2_000);
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            events.forEach(e -> acks.add(journal.append(e)));
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        List<Event> metricsSaw = new ArrayList<>();

        LockFreeDispatcher after = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        Recovery.Result result;
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            result = Recovery.replay(journal, after, metricsSaw::add);
        }

        assertThat(result.events()).isEqualTo(events.size());
        assertThat(result.lastSeq()).isEqualTo(before.snapshot().seq());
        assertThat(metricsSaw).isEqualTo(events);
        SameHall.assertSameHall(before, after, events.stream().filter(e -> e instanceof Event.TicketIssued).count());
        Event.TicketIssued nextBefore = (Event.TicketIssued) before.issue(IssueRequest.of("C"));
        Event.TicketIssued nextAfter = (Event.TicketIssued) after.issue(IssueRequest.of("C"));
        assertThat(nextAfter).as("the next ticket is the one the old server would have issued").isEqualTo(nextBefore);
    }

    @Test
    void shouldRefuseADispatcherThatAlreadyServed() throws Exception {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher used = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        used.openWindow("1", new Staff("0571", "王营定"));

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThatThrownBy(() -> Recovery.replay(journal, used)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldReportAnEmptyJournal() throws Exception {
        LockFreeDispatcher fresh = new LockFreeDispatcher(hall, new VirtualClock(MONDAY_MORNING),
                new PersonKeys(SALT));

        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThat(Recovery.replay(journal, fresh)).isEqualTo(new Recovery.Result(0, 0));
        }
    }
}
