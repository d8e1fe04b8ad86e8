package io.onewindow.core;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded history of finished tickets, by id: slot {@code id & mask}, a newer id replacing an older one.
 * Thread-safe and lock-free.
 *
 * <p><b>Concurrency.</b> Written by the thread that committed the finishing event, after its CAS; read by
 * anyone. A slot changes only by CAS from an entry of a smaller id (volatile write, release; the read is a
 * volatile read, acquire; the entries are immutable records). Not guaranteed: an entry stays only until
 * {@code capacity} later ids finish, and a reader racing the commit may not see it yet
 * ({@link AbstractDispatcher#ticket} reads again).
 */
final class RecentTickets {

    private final AtomicReferenceArray<TicketView> slots;
    private final int mask;

    RecentTickets(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
    }

    void put(TicketView v) {
        int i = (int) (v.ticket().id() & mask);
        for (;;) {
            TicketView cur = slots.get(i);
            if (cur != null && cur.ticket().id() > v.ticket().id()) {
                return;
            }
            if (slots.compareAndSet(i, cur, v)) {
                return;
            }
        }
    }

    /** Forgets the tickets numbered {@code firstId} or later: the hall was rebuilt without them. */
    void forgetFrom(long firstId) {
        for (int i = 0; i < slots.length(); i++) {
            TicketView v = slots.get(i);
            if (v != null && v.ticket().id() >= firstId) {
                slots.compareAndSet(i, v, null);
            }
        }
    }

    TicketView get(long id) {
        TicketView v = slots.get((int) (id & mask));
        return v != null && v.ticket().id() == id ? v : null;
    }
}
