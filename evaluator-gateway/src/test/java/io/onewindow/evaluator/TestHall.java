package io.onewindow.evaluator;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.core.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * A real hall for the gateway's tests: queue-core's dispatcher and file journal, commands made durable as the hall
 * server makes them (the event appended, answered once durable), on a virtual clock the gateway shares.
 */
public final class TestHall implements AutoCloseable {

    public final HallDefinition hall = HallDefinitions.demo();
    public final VirtualClock clock = new VirtualClock(Instant.parse("2027-03-02T01:00:00Z")); // 09:00 in Shanghai
    final LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(new byte[32]));
    public final Journal journal;
    private boolean recovered;

    /** The hall under {@code dir}, recovered from its journal. */
    public TestHall(Path dir) throws IOException {
        this(dir, false);
        recover(e -> { });
    }

    private TestHall(Path dir, boolean unused) throws IOException {
        journal = FileJournal.forHall(dir, hall);
    }

    /** The hall under {@code dir}, its journal open but not yet recovered: call {@link #recover}. */
    public static TestHall unrecovered(Path dir) throws IOException {
        return new TestHall(dir, false);
    }

    /** Recovers the hall from its journal, as the hall server does, telling the reader of every event. */
    public void recover(java.util.function.Consumer<Event> reader) throws IOException {
        io.onewindow.core.journal.Recovery.replay(journal, dispatcher, reader);
        recovered = true;
    }

    public boolean recovered() {
        return recovered;
    }

    public void closeWindow(String window) {
        run(dispatcher.closeWindow(window));
    }

    public String id() {
        return hall.id();
    }

    public Event run(Outcome o) {
        if (!(o instanceof Event e)) {
            throw new IllegalStateException("refused: " + o);
        }
        journal.append(e).join();
        return e;
    }

    public void open(String window, String staffId, String name) {
        run(dispatcher.openWindow(window, new Staff(staffId, name)));
    }

    /** Issues a ticket of category A with a phone link, calls, starts and completes it at the window. */
    public Served serve(String window) {
        String link = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        run(dispatcher.issue(new IssueRequest("A", Priority.NORMAL, null, null, null, link)));
        run(dispatcher.callNext(window));
        run(dispatcher.start(window));
        clock.advanceMillis(5_000);
        Event.ServiceCompleted done = (Event.ServiceCompleted) run(dispatcher.complete(window));
        return new Served(ServiceRecord.serviceId(hall.id(), done.seq()), done.ticket().number(), link);
    }

    public record Served(String serviceId, String number, String link) {
    }

    @Override
    public void close() {
        journal.close();
    }
}
