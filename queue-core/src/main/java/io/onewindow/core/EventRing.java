package io.onewindow.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The hall's recent events, in a ring indexed by sequence number, in the manner of the LMAX Disruptor's
 * multi-producer ring with per-slot publication. Thread-safe and lock-free.
 *
 * <p><b>Concurrency.</b> Writers are the threads that won a state CAS in the dispatcher: each holds a distinct
 * sequence number and writes its event into slot {@code seq & mask}. Readers are {@link Subscription}s, each
 * confined to one thread.
 * <ul>
 *   <li>Publication: a writer installs its event with a CAS on the slot, only over an older event (or null).
 *       The CAS is a volatile write (release); a reader's {@code get} is a volatile read (acquire), so a reader
 *       that sees the event sees it whole (events are immutable records too). The event's own {@code seq} is
 *       the publish flag: a slot holding seq {@code s} has published {@code s} and nothing later.</li>
 *   <li>Gap-freedom: a reader at {@code s} waits until slot {@code s & mask} holds {@code s}: it never skips a
 *       sequence whose writer is slow, so every subscriber sees every event in order.</li>
 *   <li>Wrap-around: a writer never overwrites a newer event (the CAS retries only while the slot is older), so
 *       a writer descheduled for more than {@code capacity} events drops its stale event, and a reader that
 *       finds a newer sequence in its slot knows it has lagged and must resynchronize from a snapshot
 *       ({@link Subscription#LAGGED}). Sequences are longs: no wrap of the sequence itself.</li>
 *   <li>Progress: publish is lock-free (a CAS fails only when another writer changed the same slot); readers
 *       never block writers, and a slow reader costs writers nothing: it is the one that lags.</li>
 * </ul>
 * Listeners are told after each publication, on the publishing thread; they must not block (a typical one
 * schedules a drain on an event loop).
 */
public final class EventRing {

    private final AtomicReferenceArray<Event> slots;
    private final int mask;
    /**
     * The listeners, replaced whole (copy on write, under this ring's monitor) when one is added or removed; a
     * volatile read gives publishers the current array. An array rather than a CopyOnWriteArrayList: iterating
     * it allocates no iterator, whatever the JIT makes of the loop.
     */
    private volatile Runnable[] listeners = new Runnable[0];

    public EventRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2, was " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    public int capacity() {
        return mask + 1;
    }

    /** Writes the event into its slot, unless a newer event already holds it, and tells the listeners. */
    public void publish(Event e) {
        int i = (int) (e.seq() & mask);
        for (;;) {
            Event cur = slots.get(i);
            if (cur != null && cur.seq() >= e.seq()) {
                return; // lapped while descheduled: the readers of this slot resynchronize
            }
            if (slots.compareAndSet(i, cur, e)) {
                break;
            }
        }
        Runnable[] ls = listeners;
        for (int l = 0; l < ls.length; l++) {
            ls[l].run();
        }
    }

    /** The event with this sequence number if it is published and still in the ring; else null. */
    public Event get(long seq) {
        Event e = slots.get((int) (seq & mask));
        return e != null && e.seq() == seq ? e : null;
    }

    /**
     * Whether the event with this sequence number is gone from the ring: overwritten by a newer one. A sequence
     * that is not gone and not {@link #get published} is not published yet.
     */
    public boolean isGone(long seq) {
        Event e = slots.get((int) (seq & mask));
        return e != null && e.seq() > seq;
    }

    /**
     * Empties every slot holding an event after {@code seq}: the hall was rebuilt from its durable events and
     * those were never made durable. Events up to {@code seq} stay. Not for concurrent use with publishers (the
     * hall takes no commands meanwhile); readers at or before {@code seq} then wait for the events that replace
     * them, as for any event not published yet.
     */
    public void forgetAfter(long seq) {
        for (int i = 0; i < slots.length(); i++) {
            Event e = slots.get(i);
            if (e != null && e.seq() > seq) {
                slots.compareAndSet(i, e, null); // no publisher runs: only a reader could look, and it reads
            }
        }
    }

    /** Adds a listener told after every publication; it must not block. */
    public synchronized void addListener(Runnable listener) {
        Runnable[] ls = Arrays.copyOf(listeners, listeners.length + 1);
        ls[ls.length - 1] = listener;
        listeners = ls;
    }

    /** Removes the listener (its first occurrence, compared by identity), if added. */
    public synchronized void removeListener(Runnable listener) {
        Runnable[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            if (ls[i] == listener) {
                Runnable[] fewer = new Runnable[ls.length - 1];
                System.arraycopy(ls, 0, fewer, 0, i);
                System.arraycopy(ls, i + 1, fewer, i, ls.length - i - 1);
                listeners = fewer;
                return;
            }
        }
    }

    /** A reader of every event after {@code afterSeq}, in order. */
    public Subscription subscribe(long afterSeq) {
        return new Subscription(this, afterSeq);
    }
}
