package io.onewindow.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;

/**
 * The production dispatcher. Thread-safe and lock-free: no monitor, no lock, no blocking; callable from any
 * number of event loops at once.
 *
 * <p><b>Design.</b> The hall's whole state is one immutable {@link HallState} behind one reference. A command
 * reads the state, decides its event against it (or refuses), computes the successor (which carries
 * {@code seq + 1}) and installs it with a single CAS, retrying against the newer state when another command
 * won. The winner then writes its event into the {@link EventRing} slot of its sequence number.
 *
 * <p><b>Concurrency.</b>
 * <ul>
 *   <li>Shared field: {@code state}, written only by {@link #casState} (a volatile CAS: release and acquire);
 *       read by {@link #lvState} (volatile load, acquire), which makes the successor's fields, all final and
 *       built before the CAS, visible whole.</li>
 *   <li>Linearization point: of an accepted command, its successful CAS; of a refused one, its read of the
 *       state it refused against. The successor's sequence number is taken in the same CAS that makes the
 *       change, so the sequence order <em>is</em> the linearization order: no thread can claim a ticket with one
 *       atomic step and number the event with another, and replaying the events in sequence order rebuilds
 *       the same state (the journal's recovery relies on it).</li>
 *   <li>A ticket is called by at most one window: a call removes it from the state it installs, and a CAS
 *       succeeds only against the state it decided on, so two windows that chose the same ticket cannot both
 *       install; the loser decides again against the winner's state, where the ticket is no longer waiting.</li>
 *   <li>ABA: impossible, each successor is a new object and carries a greater sequence number.</li>
 *   <li>Progress: lock-free. A CAS fails only because another command succeeded; a descheduled thread holds
 *       nothing that others wait for. Not wait-free: under heavy contention one thread may retry repeatedly.</li>
 *   <li>Publication into the ring happens after the CAS, so the ring may hold seq N+1 before N for an instant;
 *       {@link Subscription}s wait for N and never deliver out of order.</li>
 *   <li>Not guaranteed: event times follow the sequence ({@code max(clock, last event time)}), so a command
 *       that read the clock before a faster rival carries the rival's time.</li>
 * </ul>
 */
public final class LockFreeDispatcher extends AbstractDispatcher {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LockFreeDispatcher.class, "state", HallState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile HallState state;

    public LockFreeDispatcher(HallDefinition hall, Clock clock, PersonKeys personKeys) {
        this(hall, clock, personKeys, DEFAULT_RING_CAPACITY);
    }

    public LockFreeDispatcher(HallDefinition hall, Clock clock, PersonKeys personKeys, int ringCapacity) {
        super(hall, clock, personKeys, ringCapacity);
        this.state = HallState.initial(hall);
    }

    private HallState lvState() {
        return (HallState) STATE.getAcquire(this);
    }

    private boolean casState(HallState expected, HallState next) {
        return STATE.compareAndSet(this, expected, next);
    }

    @Override
    Outcome execute(Decision decision) {
        for (;;) {
            HallState s = lvState();
            Outcome o = decision.decide(s, s.effectiveTime(clock.millis()));
            if (!(o instanceof Event e)) {
                return o; // linearized at the read of s: a refusal changes nothing
            }
            HallState next = s.apply(e);
            if (casState(s, next)) {
                committed(s, e);
                return e;
            }
            // another command installed a successor first: decide again against it
        }
    }

    @Override
    HallState current() {
        return lvState();
    }

    @Override
    void install(HallState s) {
        STATE.setRelease(this, s); // recovery runs before the hall serves: a release store suffices
    }
}
