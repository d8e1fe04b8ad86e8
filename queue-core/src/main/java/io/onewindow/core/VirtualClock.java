package io.onewindow.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told: for tests and the simulator. Thread-safe and lock-free (one atomic long).
 */
public final class VirtualClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;

    public VirtualClock(Instant start) {
        this(new AtomicLong(start.toEpochMilli()), ZoneOffset.UTC);
    }

    private VirtualClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone over the same time source. */
    @Override
    public Clock withZone(ZoneId z) {
        return new VirtualClock(millis, z);
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    public void advanceMillis(long ms) {
        millis.addAndGet(ms);
    }

    /** Sets the time; it may not go back. */
    public void setMillis(long epochMillis) {
        long cur = millis.get();
        if (epochMillis < cur) {
            throw new IllegalArgumentException("a virtual clock does not go back: " + epochMillis + " < " + cur);
        }
        millis.set(epochMillis);
    }
}
