package io.onewindow.display.ws;

import io.onewindow.core.Event;
import io.onewindow.core.EventRing;
import io.onewindow.core.HallSnapshot;
import io.onewindow.display.hall.LiveHall;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fan-out of one hall: the two wake-up sources (the event ring and the journal's durability), one
 * {@link LoopDrain} per event loop that serves the hall's clients, and the encodings those drains share.
 * Thread-safe: woken from dispatcher and journal threads, used by every event loop.
 *
 * <p><b>Concurrency.</b>
 * <ul>
 *   <li>{@code drains}: a copy-on-write list, appended to by the event loop that creates its own drain (only
 *       that loop creates a drain for itself, so there is never a second drain per loop), which then wakes it
 *       once for what the wake-ups told only the others; iterated by the wake-ups without a lock.</li>
 *   <li>{@code durableSeen}: the highest durable sequence the journal has told us, written only by the journal's
 *       single listener thread (a release store: a drain that reads it sees durability at least that far);
 *       read with the journal's own {@code durableSeq()} so that a journal that calls its listeners before it
 *       updates its own counter still gates correctly.</li>
 *   <li>{@code encoded}: a cache slot per {@code seq & mask}; a drain that misses encodes the event and installs
 *       it with a plain volatile set. Two loops that miss at once both encode and one store wins: benign, the
 *       two encodings are equal. Readers check the entry's seq, so a slot reused by a later event is a miss.</li>
 *   <li>{@code lastSnapshot}: the encoded Snapshot of the newest state asked for, shared by the clients that
 *       connect at the same sequence (a reconnect storm encodes it once).</li>
 * </ul>
 */
final class HallFanout {

    private final LiveHall runtime;
    private final Vertx vertx;
    private final StreamConfig config;
    private final StreamCounters counters;
    private final CopyOnWriteArrayList<LoopDrain> drains = new CopyOnWriteArrayList<>();
    private final AtomicReferenceArray<EncodedEvent> encoded;
    private final int mask;
    private final AtomicReference<EncodedEvent> lastSnapshot = new AtomicReference<>();
    private volatile long durableSeen;

    HallFanout(LiveHall runtime, Vertx vertx, StreamConfig config, StreamCounters counters) {
        this.runtime = runtime;
        this.vertx = vertx;
        this.config = config;
        this.counters = counters;
        // room for a pass and a catch-up with margin: a miss only costs an encode from the ring
        int capacity = powerOfTwoAtLeast(Math.max(1024, 2 * (config.maxCatchUpEvents() + config.maxEventsPerPass())));
        this.encoded = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
        runtime.dispatcher().events().addListener(this::wakeAll);
        runtime.journal().addDurableListener(this::durable);
        runtime.addRebuildListener(this::rebuilt);
    }

    LiveHall runtime() {
        return runtime;
    }

    Vertx vertx() {
        return vertx;
    }

    StreamConfig config() {
        return config;
    }

    StreamCounters counters() {
        return counters;
    }

    EventRing ring() {
        return runtime.dispatcher().events();
    }

    /**
     * The highest sequence number that is durable: the most a client may be sent. On a read-only replica every
     * event in the dispatcher came from the owner's durable stream, so all of them are.
     */
    long durableSeq() {
        if (runtime.readOnly()) {
            return Long.MAX_VALUE;
        }
        return Math.max(runtime.journal().durableSeq(), durableSeen);
    }

    /** The drains, one per event loop that serves a client of the hall (the tests look). */
    List<LoopDrain> drains() {
        return List.copyOf(drains);
    }

    /**
     * The drain of the calling event loop, created on first use. Must be called on an event loop: a drain and
     * its clients share it.
     */
    LoopDrain drainOfCurrentLoop() {
        Thread me = Thread.currentThread();
        for (LoopDrain d : drains) {
            if (d.thread() == me) {
                return d;
            }
        }
        return register(new LoopDrain(this, vertx.getOrCreateContext(), me));
    }

    /**
     * On the drain's loop: adds a drain just created there to those the wake-ups reach (only this thread adds a
     * drain for itself: no duplicate can race in), then wakes it. The drain started at what was durable when it
     * was created; an event published or made durable between then and now woke only the drains already here,
     * and a screen that resumes at the drain's start goes live at once, asking for no pass: without this pass
     * it would see that event only after the hall's next one.
     */
    LoopDrain register(LoopDrain d) {
        drains.add(d);
        d.wake();
        return d;
    }

    /** The shared encoding of an event, from the cache or encoded now. */
    EncodedEvent encode(Event e) {
        int i = (int) (e.seq() & mask);
        EncodedEvent cached = encoded.get(i);
        if (cached != null && cached.seq() == e.seq()) {
            return cached;
        }
        EncodedEvent fresh = EncodedEvent.of(e, runtime.hall());
        encoded.set(i, fresh);
        return fresh;
    }

    /** The encoding of the event with this sequence number, or null when it is gone from the ring. */
    EncodedEvent encoded(long seq) {
        EncodedEvent cached = encoded.get((int) (seq & mask));
        if (cached != null && cached.seq() == seq) {
            return cached;
        }
        Event e = ring().get(seq);
        return e == null ? null : encode(e);
    }

    /** The Snapshot message of this state, shared with every client asking at the same sequence. */
    EncodedEvent snapshotMessage(HallSnapshot s) {
        EncodedEvent last = lastSnapshot.get();
        if (last != null && last.seq() == s.seq()) {
            return last;
        }
        EncodedEvent fresh = EncodedEvent.snapshot(s);
        lastSnapshot.set(fresh);
        return fresh;
    }

    /** Journal thread: a durable event. Must not block. */
    private void durable(Event e) {
        if (e.seq() > durableSeen) {
            durableSeen = e.seq(); // single writer (the journal's listener thread): a volatile store suffices
        }
        wakeAll();
    }

    /**
     * Rebuild thread: the hall went back to its durable events. No cached message may outlive the events it
     * came from: the Snapshot cache is dropped and each drain starts its waiting clients again from the rebuilt
     * hall. Live clients were sent durable events only, so they stay.
     */
    private void rebuilt() {
        lastSnapshot.set(null);
        long durable = durableSeq();
        for (int i = 0; i < encoded.length(); i++) {
            EncodedEvent e = encoded.get(i);
            if (e != null && e.seq() > durable) {
                encoded.compareAndSet(i, e, null);
            }
        }
        for (LoopDrain d : drains) {
            d.rebuilt();
        }
    }

    private static int powerOfTwoAtLeast(int n) {
        return Integer.highestOneBit(n - 1) << 1;
    }

    /** Any thread (dispatcher, journal): tells each loop's drain there may be work. Never blocks. */
    private void wakeAll() {
        for (LoopDrain d : drains) {
            d.wake();
        }
    }
}
