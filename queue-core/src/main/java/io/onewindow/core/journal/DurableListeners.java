package io.onewindow.core.journal;

import io.onewindow.core.Event;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The bookkeeping of durability that every {@link Journal} adapter shares: the highest durable sequence number
 * and the listeners told of each durable event. Thread-safe: listeners may be added from any thread;
 * {@link #durableUpTo} and {@link #tell} are called by the journal's one writing thread only.
 *
 * <p><b>Guarantees.</b> The adapter raises {@link #durableSeq()} before it tells a listener or completes a future
 * of the events it covers, so whoever hears of an event and reads {@code durableSeq()} sees at least that event.
 * Each listener is told of each event once, in the order the adapter calls {@link #tell} (sequence order), and
 * a listener that throws neither stops the journal nor keeps the other listeners from being told: its failure
 * goes to the adapter's handler (the core does no logging).
 *
 * <p><b>Concurrency.</b> {@code durableSeq} is a volatile written by the single writing thread (a release store,
 * read with acquire by any thread); the listeners are a copy-on-write list, so the writer iterates a snapshot
 * without a lock and a listener added meanwhile hears from a later event on.
 */
public final class DurableListeners {

    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final BiConsumer<Event, RuntimeException> onListenerFailure;
    private volatile long durableSeq;

    /** {@code onListenerFailure}: what the adapter does with a listener that threw (report it; never rethrow). */
    public DurableListeners(BiConsumer<Event, RuntimeException> onListenerFailure) {
        this.onListenerFailure = Objects.requireNonNull(onListenerFailure, "onListenerFailure");
    }

    /** Failures of listeners go to the calling thread's uncaught-exception handler. */
    public static DurableListeners reportingToThread() {
        return new DurableListeners((e, ex) -> {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, ex);
        });
    }

    public void add(Consumer<Event> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The highest sequence number durable so far, 0 before any. */
    public long durableSeq() {
        return durableSeq;
    }

    /** Writer thread: every event up to {@code seq} is durable (or was found durable at start-up). */
    public void durableUpTo(long seq) {
        durableSeq = seq; // single writer: a volatile store publishes it to every reader
    }

    /** Writer thread: tells every listener of one durable event, in the order of the calls. */
    public void tell(Event e) {
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                onListenerFailure.accept(e, ex);
            }
        }
    }
}
