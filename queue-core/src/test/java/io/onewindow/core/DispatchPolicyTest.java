package io.onewindow.core;

import static io.onewindow.core.TestHalls.openAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy's order on hand-made lines. */
class DispatchPolicyTest {

    private final VirtualClock clock = TestHalls.morning();

    private Dispatcher hall(String extra) {
        Dispatcher d = TestHalls.lockFree(TestHalls.hall(extra), clock);
        openAll(d);
        return d;
    }

    private static String issue(Dispatcher d, String category, Priority p) {
        return ((Event.TicketIssued) d.issue(IssueRequest.of(category, p))).ticket().number();
    }

    /** The numbers the window calls, one after another, completing each, until nobody waits for it. */
    private static List<String> drain(Dispatcher d, String window) {
        List<String> called = new ArrayList<>();
        for (Outcome o = d.callNext(window); o instanceof Event.TicketCalled c; o = d.callNext(window)) {
            called.add(c.ticket().number());
            d.start(window);
            d.complete(window);
        }
        return called;
    }

    @Test
    void shouldCallTheEarliestTicketAcrossTheWindowsCategories() {
        Dispatcher d = hall("");
        issue(d, "B", Priority.NORMAL);
        clock.advance(Duration.ofSeconds(1));
        issue(d, "A", Priority.NORMAL);
        clock.advance(Duration.ofSeconds(1));
        issue(d, "C", Priority.NORMAL);
        clock.advance(Duration.ofSeconds(1));
        issue(d, "B", Priority.NORMAL);

        assertThat(drain(d, "1")).containsExactly("B001", "A001", "C001", "B002");
    }

    @Test
    void shouldCallGreenThenAppointmentThenNormal() {
        Dispatcher d = hall("");
        issue(d, "A", Priority.NORMAL);
        issue(d, "A", Priority.APPOINTMENT);
        issue(d, "B", Priority.GREEN);
        issue(d, "A", Priority.GREEN);

        assertThat(drain(d, "1")).containsExactly("B001", "A003", "A002", "A001");
    }

    @Test
    void shouldServePrimaryCategoriesBeforeSecondaryOnes() {
        Dispatcher d = hall("");
        issue(d, "B", Priority.NORMAL);
        clock.advance(Duration.ofMinutes(5));
        issue(d, "A", Priority.NORMAL);

        // window 3: primary A, secondary B: A001 first although B001 waited longer
        assertThat(drain(d, "3")).containsExactly("A001", "B001");
    }

    @Test
    void shouldPutPriorityClassBeforeTier() {
        Dispatcher d = hall("");
        issue(d, "A", Priority.NORMAL);
        issue(d, "B", Priority.GREEN);

        // window 3 (primary A, secondary B): a green ticket of its secondary category comes first
        assertThat(drain(d, "3")).containsExactly("B001", "A001");
    }

    @Test
    void shouldNeverCallACategoryOutsideTheWindowsProfile() {
        Dispatcher d = hall("");
        issue(d, "C", Priority.GREEN);
        issue(d, "A", Priority.NORMAL);

        assertThat(drain(d, "4")).containsExactly("A001");
        assertThat(drain(d, "5")).containsExactly("C001");
    }

    @Test
    void shouldAgeATicketThatWaitedPastMaxWaitOneClassUp() {
        Dispatcher d = hall("\"maxWaitMinutes\":30,");
        issue(d, "A", Priority.NORMAL);
        clock.advance(Duration.ofMinutes(10));
        issue(d, "A", Priority.APPOINTMENT);
        clock.advance(Duration.ofMinutes(21)); // A001 has waited 31 minutes: it counts as an appointment

        // both APPOINTMENT now; A001's queue time is earlier
        assertThat(drain(d, "1")).containsExactly("A001", "A002");
    }

    @Test
    void shouldKeepStrictPriorityWithoutMaxWait() {
        Dispatcher d = hall("");
        issue(d, "A", Priority.NORMAL);
        clock.advance(Duration.ofHours(2));
        issue(d, "A", Priority.APPOINTMENT);

        assertThat(drain(d, "1")).containsExactly("A002", "A001");
    }

    @Test
    void shouldTakeANormalTicketAfterPriorityRatioPriorityCalls() {
        Dispatcher d = hall("\"priorityRatio\":2,");
        issue(d, "A", Priority.NORMAL);
        for (int i = 0; i < 4; i++) {
            issue(d, "A", Priority.GREEN);
        }

        // two green calls, then the oldest normal ticket, then the rest of the greens
        assertThat(drain(d, "1")).containsExactly("A002", "A003", "A001", "A004", "A005");
    }

    @Test
    void shouldCallAPinnedTicketBeforeEveryClass() {
        Dispatcher d = hall("");
        issue(d, "A", Priority.GREEN);
        issue(d, "B", Priority.NORMAL);
        long b1 = d.snapshot().next("B", 1).get(0).id();
        d.pin(b1, "投诉回访");

        assertThat(drain(d, "1")).containsExactly("B001", "A001");
    }

    @Test
    void shouldListTheLineInCallOrderWithoutTheClock() {
        Dispatcher d = hall("\"maxWaitMinutes\":30,");
        issue(d, "A", Priority.NORMAL);
        issue(d, "A", Priority.APPOINTMENT);
        issue(d, "A", Priority.GREEN);
        clock.advance(Duration.ofHours(1));

        assertThat(d.snapshot().next("A", 20).stream().map(Ticket::number).toList())
                .containsExactly("A003", "A002", "A001");
    }
}
