package io.onewindow.core;

import java.util.function.Consumer;

/**
 * A reader of the hall's events, in sequence order and without gaps, from a cursor. Confined to one thread at a
 * time (its cursor is a plain field); any number of subscriptions read one {@link EventRing} at once and none
 * of them can slow the dispatcher: one that falls more than the ring's capacity behind is told it has
 * {@link #LAGGED} and must start again from a snapshot.
 */
public final class Subscription {

    /** What {@link #poll} returns when the next event is gone from the ring. */
    public static final int LAGGED = -1;

    private final EventRing ring;
    private long next;

    Subscription(EventRing ring, long afterSeq) {
        this.ring = ring;
        this.next = afterSeq + 1;
    }

    /** The sequence number of the last event delivered (or the one subscribed after). */
    public long position() {
        return next - 1;
    }

    /**
     * Delivers the next published events in order, at most {@code max} and none after {@code upToSeq}, and
     * returns how many; 0 when the next one is not published yet; {@link #LAGGED} when it is gone.
     */
    public int poll(Consumer<? super Event> sink, int max, long upToSeq) {
        int n = 0;
        while (n < max && next <= upToSeq) {
            Event e = ring.get(next);
            if (e == null) {
                if (n == 0 && ring.isGone(next)) {
                    return LAGGED;
                }
                break;
            }
            sink.accept(e);
            next++;
            n++;
        }
        return n;
    }

    /** {@link #poll(Consumer, int, long)} with no upper bound. */
    public int poll(Consumer<? super Event> sink, int max) {
        return poll(sink, max, Long.MAX_VALUE);
    }
}
