package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.Journal;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.display.hall.HallDirectory;
import io.onewindow.display.hall.HallRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A hall with a real lock-free dispatcher, a real journal and real metrics, as the server wires them; a
 * directory of that one hall. Commands run as the server runs them: the event is appended and the call returns
 * once it is durable ({@link #run}), or is left not yet durable ({@link #hold}).
 */
final class TestHall implements HallRuntime, HallDirectory, AutoCloseable {

    static final Staff STAFF = new Staff("0571", "王营定");

    final LockFreeDispatcher dispatcher;
    final Journal journal;
    final HallMetrics metrics;
    private final boolean readOnly;
    private final Map<String, Long> trackTokens = new ConcurrentHashMap<>();

    /** {@code journal}: replayed already (empty); a read-only hall is fed by the caller through replay. */
    TestHall(HallDefinition hall, int ringCapacity, Journal journal, boolean readOnly) {
        this.dispatcher = new LockFreeDispatcher(hall, Clock.systemUTC(), new PersonKeys(new byte[16]), ringCapacity);
        this.journal = journal;
        this.readOnly = readOnly;
        this.metrics = new HallMetrics(hall);
        journal.addDurableListener(metrics::record);
    }

    /** The demo hall journaled by the embedded file journal under {@code dataDir}. */
    static TestHall withFileJournal(Path dataDir, int ringCapacity) {
        HallDefinition hall = HallDefinitions.demo();
        try {
            FileJournal journal = FileJournal.forHall(dataDir, hall);
            journal.replay(e -> { });
            return new TestHall(hall, ringCapacity, journal, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        journal.close();
    }

    /** Runs a command and returns its event once durable. */
    Event run(Outcome outcome) {
        Event e = hold(outcome);
        try {
            journal.append(e).get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new AssertionError("journal append failed", ex);
        }
        return e;
    }

    /** Runs a command and leaves its event unjournaled (not durable) until {@code journal.append}. */
    Event hold(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Event.class);
        return (Event) outcome;
    }

    Event issue(String category) {
        return run(dispatcher.issue(IssueRequest.of(category)));
    }

    /** Issues a ticket with a phone link. */
    Event issueTracked(String category, String token) {
        Event e = run(dispatcher.issue(new IssueRequest(category, Priority.NORMAL, null, null, null, token)));
        trackTokens.put(token, ((Event.TicketIssued) e).ticket().id());
        return e;
    }

    void openWindows(String... windows) {
        for (String w : windows) {
            run(dispatcher.openWindow(w, STAFF));
        }
    }

    @Override
    public HallDefinition hall() {
        return dispatcher.hall();
    }

    @Override
    public LockFreeDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public HallMetrics metrics() {
        return metrics;
    }

    @Override
    public Long ticketIdForTrackToken(String token) {
        return trackTokens.get(token);
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public HallRuntime hall(String hallId) {
        return hall().id().equals(hallId) ? this : null;
    }

    @Override
    public Collection<HallRuntime> halls() {
        return List.of(this);
    }
}
