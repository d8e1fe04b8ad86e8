package io.onewindow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Category;
import io.onewindow.core.Dispatcher;
import io.onewindow.core.HallSnapshot;

/** What a user of the hall would compare between two dispatchers: the line, the windows, the numbers, the seq. */
final class SameHall {

    private SameHall() {
    }

    /** Asserts that {@code actual} shows exactly the hall of {@code expected}; {@code maxId} bounds ticket ids. */
    static void assertSameHall(Dispatcher expected, Dispatcher actual, long maxId) {
        HallSnapshot e = expected.snapshot();
        HallSnapshot a = actual.snapshot();
        assertThat(a.seq()).as("sequence").isEqualTo(e.seq());
        assertThat(a.lastEventAtMillis()).as("time of the last event").isEqualTo(e.lastEventAtMillis());
        assertThat(a.waitingTickets()).as("waiting tickets").isEqualTo(e.waitingTickets());
        assertThat(a.windows()).as("windows").isEqualTo(e.windows());
        for (Category c : e.hall().categories()) {
            assertThat(a.lastSerial(c.code())).as("last number of " + c.code()).isEqualTo(e.lastSerial(c.code()));
            assertThat(a.next(c.code(), Integer.MAX_VALUE)).as("line of " + c.code())
                    .isEqualTo(e.next(c.code(), Integer.MAX_VALUE));
        }
        for (long id = 1; id <= maxId; id++) {
            assertThat(actual.ticket(id)).as("ticket " + id).isEqualTo(expected.ticket(id));
        }
    }
}
