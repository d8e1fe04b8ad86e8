package io.onewindow.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import io.onewindow.core.Subscription;
import io.onewindow.core.Ticket;
import io.onewindow.core.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A test hall: a real {@link LockFreeDispatcher} on a {@link VirtualClock}, whose events feed a {@link HallMetrics}
 * through a subscription, in sequence order, as the journal's thread does in the server. Confined to the test.
 */
final class MetricsHall {

    final VirtualClock clock;
    final LockFreeDispatcher dispatcher;
    final HallMetrics metrics;
    final List<Event> events = new ArrayList<>();
    private final Subscription subscription;

    MetricsHall(String hallJson, Instant start) {
        HallDefinition hall = HallDefinitions.parse(hallJson);
        clock = new VirtualClock(start);
        dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(new byte[16]));
        metrics = new HallMetrics(hall);
        subscription = dispatcher.events().subscribe(0);
    }

    /** A hall in Asia/Shanghai with categories A and B and the given windows JSON array. */
    static String hallJson(String windows) {
        return "{\"id\":\"test\",\"name\":\"测试大厅\",\"timezone\":\"Asia/Shanghai\",\"recallLimit\":2,"
                + "\"reinstateAfter\":0,\"categories\":[{\"code\":\"A\",\"name\":\"户籍\",\"prefix\":\"A\"},"
                + "{\"code\":\"B\",\"name\":\"出入境\",\"prefix\":\"B\"}],\"windows\":" + windows + "}";
    }

    Ticket issue(String category) {
        return ((Event.TicketIssued) accept(dispatcher.issue(IssueRequest.of(category)))).ticket();
    }

    void open(String... windows) {
        for (String w : windows) {
            accept(dispatcher.openWindow(w, new Staff("07" + w, "王营定")));
        }
    }

    void pause(String window) {
        accept(dispatcher.pauseWindow(window));
    }

    Ticket callNext(String window) {
        return ((Event.TicketCalled) accept(dispatcher.callNext(window))).ticket();
    }

    Event recall(String window) {
        return accept(dispatcher.recall(window));
    }

    void start(String window) {
        accept(dispatcher.start(window));
    }

    void complete(String window) {
        accept(dispatcher.complete(window));
    }

    void noShow(String window) {
        accept(dispatcher.noShow(window));
    }

    void reinstate(Ticket t) {
        accept(dispatcher.reinstate(t.id()));
    }

    void transfer(String window, String category) {
        accept(dispatcher.transfer(window, category));
    }

    /** Call, start at once, and complete after {@code minutes}: one whole service at the window. */
    Ticket serve(String window, double minutes) {
        Ticket t = callNext(window);
        start(window);
        advanceMinutes(minutes);
        complete(window);
        return t;
    }

    void advanceMinutes(double minutes) {
        clock.advanceMillis(Math.round(minutes * 60_000));
    }

    void advanceTo(Instant instant) {
        clock.setMillis(instant.toEpochMilli());
    }

    MetricsReport report() {
        return metrics.report(dispatcher.snapshot(), clock.millis());
    }

    MetricsReport reportAt(Duration later) {
        return metrics.report(dispatcher.snapshot(), clock.millis() + later.toMillis());
    }

    /** The queue model's figure for a ticket: the mean wait the range and the median are built around. */
    long eta(Ticket t) {
        return estimate(t).modelSeconds();
    }

    /** The queue model's figure for a ticket issued now. */
    long etaOfNew(String category) {
        return metrics.estimatedWait(dispatcher.snapshot(), category, clock.millis()).modelSeconds();
    }

    /** What the ticket's holder is told now. */
    WaitEstimate estimate(Ticket t) {
        return metrics.estimatedWait(dispatcher.snapshot(), dispatcher.ticket(t.id()), clock.millis());
    }

    private Event accept(Outcome o) {
        assertThat(o.accepted()).as("accepted: %s", o).isTrue();
        subscription.poll(e -> {
            events.add(e);
            metrics.record(e);
        }, Integer.MAX_VALUE);
        return (Event) o;
    }
}
