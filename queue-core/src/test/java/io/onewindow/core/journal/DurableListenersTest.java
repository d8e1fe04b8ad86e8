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
import io.onewindow.core.VirtualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DurableListenersTest {

    private final HallDefinition hall = HallDefinitions.demo();

    @TempDir
    Path data;

    @Test
    void shouldTellEveryOtherListenerWhenOneFailsAndReportTheFailureOnce() {
        List<String> failures = new ArrayList<>();
        DurableListeners durable = new DurableListeners((e, ex) -> failures.add(e.seq() + ": " + ex.getMessage()));
        List<Long> first = new ArrayList<>();
        List<Long> last = new ArrayList<>();
        durable.add(e -> first.add(e.seq()));
        durable.add(e -> {
            throw new IllegalStateException("a screen's bug");
        });
        durable.add(e -> last.add(e.seq()));
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, new VirtualClock(MONDAY_MORNING),
                new PersonKeys(SALT));
        Event one = (Event) dispatcher.issue(IssueRequest.of("A"));
        Event two = (Event) dispatcher.issue(IssueRequest.of("B"));

        durable.durableUpTo(two.seq());
        durable.tell(one);
        durable.tell(two);

        assertThat(durable.durableSeq()).isEqualTo(2);
        assertThat(first).containsExactly(1L, 2L);
        assertThat(last).containsExactly(1L, 2L);
        assertThat(failures).containsExactly("1: a screen's bug", "2: a screen's bug");
    }

    @Test
    void shouldRaiseTheDurableSequenceBeforeTellingTheFileJournalsListeners() throws Exception {
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, new VirtualClock(MONDAY_MORNING),
                new PersonKeys(SALT));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            journal.replay(e -> { });
            journal.addDurableListener(e -> seen.add(e.seq() + "<=" + journal.durableSeq()));

            journal.append((Event) dispatcher.issue(IssueRequest.of("A"))).get(10, TimeUnit.SECONDS);
            journal.append((Event) dispatcher.issue(IssueRequest.of("A"))).get(10, TimeUnit.SECONDS);
        }

        assertThat(seen).containsExactly("1<=1", "2<=2");
    }

    @Test
    void shouldRefuseToFollowTheEmbeddedJournalFromAnotherInstance() throws Exception {
        try (FileJournal journal = FileJournal.forHall(data, hall)) {
            assertThatThrownBy(() -> journal.follow(0, e -> { }))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("cannot be followed");
        }
    }
}
