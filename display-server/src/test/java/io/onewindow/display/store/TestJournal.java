package io.onewindow.display.store;

import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.journal.Journal;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one journal wrapper of the tests: every call passes through to the real journal it wraps, except what the
 * test asks to delay or fail. Thread-safe.
 *
 * <ul>
 *   <li>{@link #hold()}: appends wait (a disk that has stalled) until {@link #releaseHeld()} sends those held so
 *       far, in the order they came, or {@link #pass()} sends them and lets every later one through.</li>
 *   <li>{@link #failAppends(RuntimeException)}: appends fail at once and reach no journal (a journal that is
 *       down).</li>
 *   <li>{@link #holdReplay()}: the replay waits until {@link #releaseReplay()} (the long recovery of a long
 *       journal).</li>
 * </ul>
 */
public final class TestJournal implements Journal {

    private final Journal inner;
    private final List<Held> held = new ArrayList<>();
    private final CountDownLatch replayGate = new CountDownLatch(1);
    private boolean holding;
    private volatile boolean replayHeld;
    private volatile RuntimeException failure;

    public TestJournal(Journal inner) {
        this.inner = inner;
    }

    /** Appends from now on wait for {@link #releaseHeld()} or {@link #pass()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Sends the appends held so far, in order; later ones are still held. Completes once they are durable. */
    public CompletableFuture<Void> releaseHeld() {
        return releaseHeld(Integer.MAX_VALUE);
    }

    /** Sends the first {@code count} appends held, in order; the rest stay held. Completes once they are durable. */
    public CompletableFuture<Void> releaseHeld(int count) {
        List<Held> now;
        synchronized (this) {
            List<Held> first = held.subList(0, Math.min(count, held.size()));
            now = new ArrayList<>(first);
            first.clear();
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Held h : now) {
            done.add(h.send(inner));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Sends the appends held so far and lets every later one through. */
    public CompletableFuture<Void> pass() {
        synchronized (this) {
            holding = false;
        }
        return releaseHeld();
    }

    /** Appends from now on fail with this cause. */
    public void failAppends(RuntimeException cause) {
        failure = cause;
    }

    /** The replay waits for {@link #releaseReplay()}. */
    public void holdReplay() {
        replayHeld = true;
    }

    public void releaseReplay() {
        replayGate.countDown();
    }

    @Override
    public CompletableFuture<Void> append(Event event) {
        RuntimeException f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        synchronized (this) {
            if (holding) {
                Held h = new Held(event, new CompletableFuture<>());
                held.add(h);
                return h.done;
            }
        }
        return inner.append(event);
    }

    @Override
    public void replay(Consumer<Event> sink) throws IOException {
        replay(from -> { }, sink);
    }

    @Override
    public void replay(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        if (replayHeld) {
            try {
                if (!replayGate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the replay");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the replay was held", e);
            }
        }
        inner.replay(start, sink);
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
    public void readDurable(Consumer<HallCheckpoint> start, Consumer<Event> sink) throws IOException {
        inner.readDurable(start, sink);
    }

    @Override
    public int dropDaysBefore(LocalDate keepFrom) throws IOException {
        return inner.dropDaysBefore(keepFrom);
    }

    @Override
    public Following follow(long afterSeq, Consumer<Event> sink) {
        return inner.follow(afterSeq, sink);
    }

    @Override
    public void close() {
        inner.close();
    }

    /** An append the test holds back, and the future its caller waits on. */
    private record Held(Event event, CompletableFuture<Void> done) {
        CompletableFuture<Void> send(Journal to) {
            to.append(event).whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(null);
                }
            });
            return done;
        }
    }
}
