package io.onewindow.core;

import java.time.Clock;

/**
 * The reference dispatcher: the same decisions and the same immutable state as {@link LockFreeDispatcher}, with
 * one monitor around each command. Thread-safe (blocking). It is the oracle of the randomized tests and the
 * baseline of the benchmarks; nothing in it is slow on purpose.
 */
public final class LockedDispatcher extends AbstractDispatcher {

    private final Object lock = new Object();
    private HallState state; // guarded by lock

    public LockedDispatcher(HallDefinition hall, Clock clock, PersonKeys personKeys) {
        this(hall, clock, personKeys, DEFAULT_RING_CAPACITY);
    }

    public LockedDispatcher(HallDefinition hall, Clock clock, PersonKeys personKeys, int ringCapacity) {
        super(hall, clock, personKeys, ringCapacity);
        this.state = HallState.initial(hall);
    }

    @Override
    Outcome execute(Decision decision) {
        synchronized (lock) {
            HallState s = state;
            Outcome o = decision.decide(s, s.effectiveTime(clock.millis()));
            if (o instanceof Event e) {
                state = s.apply(e);
                committed(s, e);
            }
            return o;
        }
    }

    @Override
    HallState current() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    void install(HallState s) {
        synchronized (lock) {
            state = s;
        }
    }
}
