package io.onewindow.core;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded history of finished tickets, by id: slot {@code id & mask}, a newer id replacing an older one.
 * Thread-safe and lock-free.
 *
 * <p>An entry is a {@link TicketView}, or the {@link Event.ServiceCompleted} event itself: the commonest way to
 * finish carries everything the view needs, so a completion stores its event and the view is built only when
 * someone asks ({@link #get}), not on the hot path.
 *
 * <p><b>Concurrency.</b> Written by the thread that committed the finishing event, after its CAS; read by
 * anyone. A slot changes only by CAS from an entry of a smaller id (volatile write, release; the read is a
 * volatile read, acquire; the entries are immutable records). Not guaranteed: an entry stays only until
 * {@code capacity} later ids finish, and a reader racing the commit may not see it yet
 * ({@link AbstractDispatcher#ticket} reads again).
 */
final class RecentTickets {

    /** Each entry is a TicketView or an Event.ServiceCompleted. */
    private final AtomicReferenceArray<Object> slots;
    private final int mask;

    RecentTickets(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
    }

    void put(TicketView v) {
        put(v, v.ticket().id());
    }

    void put(Event.ServiceCompleted done) {
        put(done, done.ticket().id());
    }

    private void put(Object entry, long id) {
        int i = (int) (id & mask);
        for (;;) {
            Object cur = slots.get(i);
            if (cur != null && idOf(cur) > id) {
                return;
            }
            if (slots.compareAndSet(i, cur, entry)) {
                return;
            }
        }
    }

    /** Forgets the tickets numbered {@code firstId} or later: the hall was rebuilt without them. */
    void forgetFrom(long firstId) {
        for (int i = 0; i < slots.length(); i++) {
            Object entry = slots.get(i);
            if (entry != null && idOf(entry) >= firstId) {
                slots.compareAndSet(i, entry, null);
            }
        }
    }

    TicketView get(long id) {
        Object entry = slots.get((int) (id & mask));
        return entry != null && idOf(entry) == id ? view(entry) : null;
    }

    private static long idOf(Object entry) {
        return entry instanceof TicketView v ? v.ticket().id() : ((Event.ServiceCompleted) entry).ticket().id();
    }

    private static TicketView view(Object entry) {
        if (entry instanceof TicketView v) {
            return v;
        }
        Event.ServiceCompleted done = (Event.ServiceCompleted) entry;
        return new TicketView(done.ticket(), TicketState.COMPLETED, done.window(), 0, done.calledAtMillis(),
                done.startedAtMillis(), done.atMillis(), 0);
    }
}
