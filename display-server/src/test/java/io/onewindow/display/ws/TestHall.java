package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.display.access.PhoneLinks;
import io.onewindow.core.Staff;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.Journal;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.hall.ServerStats;
import io.onewindow.display.store.TestJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A hall as the server runs it, for the stream tests: the real {@link LiveHall} (lock-free dispatcher, metrics,
 * phone links) over a real journal in the tests' {@link TestJournal}, recovered before use, the only hall of its
 * {@link Halls}. Commands go through {@link LiveHall#submit}, as the server's do: {@link #run} returns once the
 * event is durable; {@link #hold} leaves it waiting for the journal until {@code journal.pass()}.
 */
final class TestHall implements AutoCloseable {

    static final Staff STAFF = new Staff("0571", "王营定");

    final LiveHall live;
    final TestJournal journal;
    final Halls halls;

    /** A hall over {@code journal} (not replayed yet); a read-only one is fed by following its journal. */
    TestHall(HallDefinition hall, int ringCapacity, Journal journal, boolean readOnly) {
        this.journal = new TestJournal(journal);
        this.live = new LiveHall(new LockFreeDispatcher(hall, Clock.systemUTC(), new PersonKeys(new byte[16]),
                ringCapacity), this.journal, new HallMetrics(hall), new ServerStats(), readOnly);
        try {
            live.recover();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.halls = new Halls(List.of(live));
    }

    /** The demo hall journaled by the embedded file journal under {@code dataDir}. */
    static TestHall withFileJournal(Path dataDir, int ringCapacity) {
        HallDefinition hall = HallDefinitions.demo();
        try {
            return new TestHall(hall, ringCapacity, FileJournal.forHall(dataDir, hall), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Dispatcher dispatcher() {
        return live.dispatcher();
    }

    /** Follows the hall's journal from where recovery ended, as a replica's server does. */
    Journal.Following follow() {
        return journal.follow(live.dispatcher().snapshot().seq(), live::applyFollowed);
    }

    @Override
    public void close() {
        journal.close();
    }

    /** Runs a command and returns its event once durable. */
    Event run(Function<Dispatcher, Outcome> command) {
        Outcome o;
        try {
            o = live.submit(() -> command.apply(live.dispatcher())).get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new AssertionError("the command's event did not become durable", ex);
        }
        assertThat(o).isInstanceOf(Event.class);
        return (Event) o;
    }

    /** Runs a command while the journal holds appends: its event is decided, and durable only after pass(). */
    Event hold(Function<Dispatcher, Outcome> command) {
        Outcome[] decided = new Outcome[1];
        journal.hold();
        live.submit(() -> decided[0] = command.apply(live.dispatcher()));
        assertThat(decided[0]).isInstanceOf(Event.class);
        return (Event) decided[0];
    }

    Event issue(String category) {
        return run(d -> d.issue(IssueRequest.of(category)));
    }

    /** Issues a ticket with a phone link. */
    Event issueTracked(String category, String token) {
        String digest = PhoneLinks.digest(token); // the hall keeps the link's digest, as the server does
        return run(d -> d.issue(new IssueRequest(category, Priority.NORMAL, null, null, null, digest)));
    }

    void openWindows(String... windows) {
        for (String w : windows) {
            run(d -> d.openWindow(w, STAFF));
        }
    }
}
