package io.onewindow.core.journal;

import io.onewindow.core.Event;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The journal port: where a hall's events become durable, and where recovery reads them back. Thread-safe.
 *
 * <p>Guarantees every adapter gives:
 * <ul>
 *   <li>{@link #append} may be called from any thread, with events in any order of sequence numbers (the
 *       dispatcher's winners publish in any order); the journal makes them durable as a gap-free prefix of the
 *       sequence, and completes each future only once its event <em>and every event before it</em> is durable.
 *       A caller answers a command only after its future completed.</li>
 *   <li>Durable listeners are told of every durable event exactly once, in sequence order, on the journal's own
 *       thread; they must not block.</li>
 *   <li>{@link #replay} delivers, in order, every event that was durable, and nothing after a torn or corrupt
 *       record.</li>
 * </ul>
 * Appends and fsyncs never run on the caller's thread: an event loop may call {@link #append}.
 */
public interface Journal extends AutoCloseable {

    /** Makes the event durable; the future completes once it and every earlier sequence number are durable. */
    CompletableFuture<Void> append(Event event);

    /** Reads back every durable event in sequence order; called once at start-up, before any append. */
    void replay(Consumer<Event> sink) throws IOException;

    /** The highest sequence number durable so far, 0 before any. */
    long durableSeq();

    /**
     * Why the journal cannot make events durable now (a full disk, a lost store, a stopped journal thread), or
     * null while it can. While it is set every append fails at once; the hall takes no commands.
     */
    default Throwable failure() {
        return null;
    }

    /**
     * After a {@link #failure()}: checks that the journal can write again and then accepts appends from
     * {@code durableSeq() + 1}. Blocking: call it off any event loop. The caller must have dropped every event it
     * appended after {@link #durableSeq()} (their futures failed) and must not append them again.
     *
     * @throws IOException while the journal still cannot write, or when it cannot resume at all
     */
    default void resumeAfterFailure() throws IOException {
        if (failure() != null) {
            throw new IOException("this journal cannot resume after a failure: restart the server");
        }
    }

    /**
     * Reads every durable event again, in order, on the caller's thread: to rebuild a hall from what is durable
     * after a failure, while the journal takes no appends. Blocking: call it off any event loop.
     */
    default void readDurable(Consumer<Event> sink) throws IOException {
        throw new IOException("this journal cannot read its durable events again: restart the server");
    }

    /** Registers a listener told of each durable event in order, on the journal's thread; it must not block. */
    void addDurableListener(Consumer<Event> listener);

    @Override
    void close();
}
