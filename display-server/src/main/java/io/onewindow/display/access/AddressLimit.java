package io.onewindow.display.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code perMinute} requests per client address in each minute (a fixed window per address), for the
 * doors anyone may knock on, such as booking. Thread-safe and lock-free: one map shared by every event loop.
 *
 * <p><b>Concurrency.</b> Each address has an {@link AtomicLong} packing its window's minute (high 40 bits) and
 * its count (low 24 bits); a request advances it with one CAS loop: a new minute restarts the count at 1, else
 * the count goes up by one if below the limit. A refused request changes nothing. Entries of past minutes are
 * dropped when the map grows past {@link #MAX_ADDRESSES}, so a flood of addresses cannot hold memory; what is
 * not guaranteed: an address dropped and seen again in the same minute starts a fresh count.
 */
public final class AddressLimit {

    static final int MAX_ADDRESSES = 100_000;
    private static final long COUNT_MASK = (1L << 24) - 1;

    private final int perMinute;
    private final ConcurrentHashMap<String, AtomicLong> windows = new ConcurrentHashMap<>();

    public AddressLimit(int perMinute) {
        if (perMinute < 1 || perMinute > COUNT_MASK) {
            throw new IllegalArgumentException("perMinute must be from 1 to " + COUNT_MASK + ", was " + perMinute);
        }
        this.perMinute = perMinute;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Counts a request of the address at {@code nowMillis}; false when it is over the limit (nothing counted). */
    public boolean tryAcquire(String address, long nowMillis) {
        long minute = nowMillis / 60_000L;
        if (windows.size() > MAX_ADDRESSES) {
            windows.values().removeIf(w -> (w.get() >>> 24) < minute);
        }
        AtomicLong w = windows.computeIfAbsent(address == null ? "" : address, a -> new AtomicLong());
        for (;;) {
            long v = w.get();
            long count = (v >>> 24) == minute ? v & COUNT_MASK : 0;
            if (count >= perMinute) {
                return false;
            }
            if (w.compareAndSet(v, (minute << 24) | (count + 1))) {
                return true;
            }
        }
    }
}
