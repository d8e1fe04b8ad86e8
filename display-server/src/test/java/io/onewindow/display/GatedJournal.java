package io.onewindow.display;

import io.onewindow.core.Event;
import io.onewindow.core.journal.Journal;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A real journal behind a gate: while the gate is shut, appends wait in front of it (a disk that has stalled);
 * {@link #open()} lets them and every later one through.
 */
final class GatedJournal implements Journal {

    private final Journal inner;
    private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean shut;

    GatedJournal(Journal inner) {
        this.inner = inner;
    }

    void shut() {
        shut = true;
    }

    void open() {
        shut = false;
        for (Runnable r = held.poll(); r != null; r = held.poll()) {
            r.run();
        }
    }

    @Override
    public CompletableFuture<Void> append(Event event) {
        if (!shut) {
            return inner.append(event);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        held.add(() -> inner.append(event).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        }));
        if (!shut) {
            open();
        }
        return done;
    }

    @Override
    public void replay(Consumer<Event> sink) throws IOException {
        inner.replay(sink);
    }

    @Override
    public long durableSeq() {
        return inner.durableSeq();
    }

    @Override
    public void addDurableListener(Consumer<Event> listener) {
        inner.addDurableListener(listener);
    }

    @Override
    public Throwable failure() {
        return inner.failure();
    }

    @Override
    public void resumeAfterFailure() throws IOException {
        inner.resumeAfterFailure();
    }

    @Override
    public void readDurable(Consumer<Event> sink) throws IOException {
        inner.readDurable(sink);
    }

    @Override
    public void close() {
        inner.close();
    }
}
