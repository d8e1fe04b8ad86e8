package io.onewindow.display.ws;

import io.onewindow.core.Event;
import io.onewindow.core.journal.Journal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A journal that makes events durable at once, in memory, as a gap-free prefix: the stand-in until the file
 * journal is on main. Thread-safe (one monitor: test code). Listeners run on the appending thread.
 */
final class MemoryJournal implements Journal {

    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Event> waiting = new TreeMap<>();
    private volatile long durableSeq;

    @Override
    public synchronized CompletableFuture<Void> append(Event event) {
        waiting.put(event.seq(), event);
        Event next;
        while ((next = waiting.remove(durableSeq + 1)) != null) {
            durableSeq = next.seq();
            for (Consumer<Event> l : listeners) {
                l.accept(next);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void replay(Consumer<Event> sink) {
    }

    @Override
    public long durableSeq() {
        return durableSeq;
    }

    @Override
    public void addDurableListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
    }
}
