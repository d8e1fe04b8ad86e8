package io.onewindow.display;

import io.onewindow.core.Event;
import io.onewindow.core.journal.Journal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A journal kept in memory, for the HTTP tests: it keeps the port's contract (gap-free durable prefix, futures
 * completed in order on its own thread, listeners told in order) without a disk. The events outlive the journal
 * object in {@link #store}, so a test can recover a second server from what the first one made durable.
 */
final class MemoryJournal implements Journal {

    /** The durable events of one hall, shared by the journals opened on it in turn. */
    static final class Store {
        final List<Event> events = new CopyOnWriteArrayList<>();
    }

    private final Store store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-journal");
        t.setDaemon(true);
        return t;
    });
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private volatile long durableSeq;

    private record Pending(Event event, CompletableFuture<Void> done) {
    }

    MemoryJournal(Store store) {
        this.store = store;
        this.durableSeq = store.events.isEmpty() ? 0 : store.events.get(store.events.size() - 1).seq();
    }

    @Override
    public CompletableFuture<Void> append(Event event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            pending.put(event.seq(), new Pending(event, done));
            List<Pending> ready = new ArrayList<>();
            for (Map.Entry<Long, Pending> e = pending.firstEntry(); e != null && e.getKey() == durableSeq + 1;
                    e = pending.firstEntry()) {
                pending.pollFirstEntry();
                store.events.add(e.getValue().event());
                durableSeq = e.getKey();
                ready.add(e.getValue());
            }
            for (Pending p : ready) {
                for (Consumer<Event> l : listeners) {
                    l.accept(p.event());
                }
                p.done().complete(null);
            }
        });
        return done;
    }

    @Override
    public void replay(Consumer<Event> sink) {
        store.events.forEach(sink);
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
        thread.shutdown();
    }
}
