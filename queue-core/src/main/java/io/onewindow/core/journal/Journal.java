package io.onewindow.core.journal;

import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import java.io.IOException;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 *   <li>{@link #follow} (a journal that several instances share) delivers, in order and without gaps, every
 *       event another instance makes durable: how a read-only replica keeps up with the hall's owner.</li>
 * </ul>
 * An adapter keeps its durable sequence number and its listeners in {@link DurableListeners}.
 * Appends and fsyncs never run on the caller's thread: an event loop may call {@link #append}.
 */
public interface Journal extends AutoCloseable {

    /** Makes the event durable; the future completes once it and every earlier sequence number are durable. */
    CompletableFuture<Void> append(Event event);

    /** Reads back every durable event in sequence order; called once at start-up, before any append. */
    void replay(Consumer<Event> sink) throws IOException;

    /**
     * {@link #replay(Consumer)} from where the journal starts: a journal that dropped old days
     * ({@link #dropDaysBefore}) first hands {@code start} the checkpoint of the hall at the last event it dropped,
     * then the events after it; one that keeps every event never calls {@code start}.
     */
    default void replay(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        replay(sink);
    }

    /** {@link #readDurable(Consumer)} from where the journal starts, as {@link #replay(Consumer, Consumer)}. */
    default void readDurable(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        readDurable(sink);
    }

    /**
     * Retention: drops the events of the local days before {@code keepFrom}, after writing durably the
     * checkpoint of the hall at the last of them, so that a replay then starts at that checkpoint and rebuilds
     * the same hall with the same sequence. Blocking: call it off any event loop. Returns how many days were
     * dropped; a journal that keeps every day returns 0.
     *
     * @throws IOException when the store cannot be read or written (nothing is dropped then)
     */
    default int dropDaysBefore(LocalDate keepFrom) throws IOException {
        return 0;
    }

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

    /**
     * Follows the hall as another instance writes it: hands the sink every event after {@code afterSeq}, in
     * sequence order without gaps, first those durable already, then each new one once it is durable. The sink
     * runs on one thread of the journal's and must not block. Stops, failing {@link Following#stopped()}, on an
     * event it cannot read or a gap.
     *
     * @throws UnsupportedOperationException when the journal belongs to one process (the embedded file journal)
     */
    default Following follow(long afterSeq, Consumer<Event> sink) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " belongs to one process and cannot be followed from another");
    }

    @Override
    void close();

    /** A running {@link #follow}. Thread-safe. */
    interface Following extends AutoCloseable {

        /** The sequence number of the last event handed to the sink (or the one followed after). */
        long position();

        /** Completes once closed; fails if following stopped on an event it cannot read or a gap. */
        CompletionStage<Void> stopped();

        /** Stops following; no event reaches the sink after {@link #stopped()} completed. */
        @Override
        void close();
    }
}
