package io.onewindow.display.ws;

import io.onewindow.core.Event;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.Subscription;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one reader of a hall's events on one event loop, writing each durable event to every client of the hall
 * that this loop serves. Confined to its event loop, except {@link #wake()}, which any thread may call.
 *
 * <pre>
 *  dispatcher thread ──publish──▶ EventRing ──listener──┐
 *  journal thread ───durable(e)──────────────────────────┤ wake(): CAS scheduled false→true,
 *                                                         ▼ runOnContext (never blocks, coalesced)
 *  event loop:  drain() ── poll(ring, upTo = durableSeq) ──▶ encode once (shared) ──▶ each live client
 *                  │                                                                  (full queue: cut)
 *                  └── joining clients: Snapshot or catch-up from the ring, then live
 * </pre>
 *
 * <p><b>Guarantees.</b> Every live client has been sent exactly the events up to {@link Subscription#position()}
 * of this drain's subscription (that is the live invariant), so each live event is written to every live client
 * unconditionally, in sequence order, without gaps or duplicates. No event after the journal's durable
 * sequence is written, and no Snapshot is sent before every event it includes is durable. A client joins
 * <em>joining</em> at a sequence {@code s} (the {@code since} it resumes from, or the sequence of the Snapshot
 * it is to receive) and turns live at the end of a pass in which {@code s <= position <= durable}: it is sent
 * its Snapshot if any, then the events {@code (s, position]}, so it satisfies the live invariant from then on.
 * When the drain itself lags (the ring overwrote events it had not read: a pass starved for longer than the
 * ring's capacity) every client is sent a fresh Snapshot.
 *
 * <p><b>Wake-ups.</b> {@code scheduled} is cleared at the start of a pass, before the durable sequence is read
 * and the ring is polled; a publication or durability after that point finds it clear and schedules another
 * pass, so no event is left undelivered, and a burst of notifications costs one pass.
 *
 * <p><b>Slices.</b> A pass writes its events to the live clients {@link StreamConfig#screensPerSlice} at a
 * time; after each slice it queues the next one behind the tasks already waiting on the loop, so a command's
 * answer that became ready with the pass's event (the journal tells the fan-out first, then the command) is sent
 * after one slice, not after thousands of screens. While a pass is in slices nothing else touches the live list:
 * a wake-up finds the pass and leaves it (its last slice polls again), joining clients are admitted when it ends,
 * the heartbeat leaves the live clients to it (the pass itself proves them alive or cuts them), and a
 * resynchronization ends it first. So each client is still written each event exactly once, in order, and
 * nothing is written that the pass did not poll at or below the durable sequence.
 */
final class LoopDrain {

    private final HallFanout hall;
    private final StreamConfig config;
    private final StreamCounters counters;
    private final Context context;
    private final Thread thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<DisplaySink> live = new ArrayList<>();
    private final List<TrackSession> tracks = new ArrayList<>();
    private final List<Joining> joining = new ArrayList<>();
    private final List<Event> batch = new ArrayList<>();
    private final Consumer<Event> toBatch = batch::add;
    private Subscription subscription;
    private boolean positionsStale;
    /** The pass being written in slices, or null: its messages; {@code live} from {@code passNext} on is owed them. */
    private MessageBatch passMessages;
    /** The next live client of the pass, where its kept clients end, and the size of the live list it covers. */
    private int passNext;
    private int passKept;
    private int passEnd;
    /** Counts passes begun and ended, so a slice queued for an ended pass does nothing. */
    private long passId;

    LoopDrain(HallFanout hall, Context context, Thread thread) {
        this.hall = hall;
        this.config = hall.config();
        this.counters = hall.counters();
        this.context = context;
        this.thread = thread;
        // start at what is durable now (and published): what came before reaches clients by Snapshot or catch-up
        long durable = hall.durableSeq();
        this.subscription = hall.ring().subscribe(Math.min(durable, hall.runtime().dispatcher().snapshot().seq()));
        hall.vertx().setPeriodic(config.heartbeatMillis(), id -> heartbeat());
    }

    Thread thread() {
        return thread;
    }

    /** The event loop's context, where every pass and slice runs (the tests queue tasks on it). */
    Context context() {
        return context;
    }

    /** Any thread: schedules a pass on the loop unless one is already scheduled. Never blocks. */
    void wake() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /**
     * A display connects. {@code since} is the last sequence it saw, or negative for none: it is sent exactly
     * the events after {@code since} when the ring still holds them and they are few enough
     * ({@link StreamConfig#maxCatchUpEvents()}), else a Snapshot first.
     */
    void joinDisplay(DisplaySink sink, long since) {
        HallSnapshot now = hall.runtime().dispatcher().snapshot();
        long position = subscription.position();
        boolean resumable = since >= 0 && since <= now.seq()
                && (since >= position || position - since <= config.maxCatchUpEvents());
        joining.add(resumable ? new Joining(sink, null, since, null) : new Joining(sink, null, now.seq(), now));
        admit(hall.durableSeq());
        if (!joining.isEmpty()) {
            wake();
        }
    }

    /** A phone connects to follow one ticket: it is sent the ticket as of a durable state, then its changes. */
    void joinTrack(TrackSession track) {
        HallSnapshot now = hall.runtime().dispatcher().snapshot();
        joining.add(new Joining(null, track, now.seq(), now));
        admit(hall.durableSeq());
        if (!joining.isEmpty()) {
            wake();
        }
    }

    /** Whether a pass is being written in slices (the tests look). */
    boolean passInProgress() {
        return passMessages != null;
    }

    /** One pass: the next durable events to every live client, then the joining clients that can go live. */
    private void drain() {
        scheduled.set(false); // before reading: anything published or made durable from now on wakes us again
        if (passMessages != null) {
            return; // the pass's last slice polls again
        }
        long durable = hall.durableSeq();
        batch.clear();
        int n = subscription.poll(toBatch, config.maxEventsPerPass(), durable);
        if (n == Subscription.LAGGED) {
            resynchronize();
        } else if (n > 0) {
            deliver();
            if (n == config.maxEventsPerPass()) {
                wake(); // there may be more: let the loop serve I/O first, then continue
            }
        }
        if (passMessages != null) {
            return; // admitting waits for the pass's end: its last slice drains again
        }
        admit(durable);
        if (positionsStale) {
            refreshPositions();
        }
    }

    private void deliver() {
        if (!live.isEmpty()) {
            List<EncodedEvent> messages = new ArrayList<>(batch.size());
            for (Event e : batch) {
                messages.add(hall.encode(e));
            }
            writeLive(new MessageBatch(messages));
        }
        if (!tracks.isEmpty()) {
            for (Event e : batch) {
                for (TrackSession t : tracks) {
                    t.onEvent(e);
                    positionsStale |= t.positionStale();
                }
            }
            tracks.removeIf(TrackSession::gone);
        }
    }

    /**
     * Starts writing the pass's events to every live client: client by client, all of them in one write and one
     * flush, a slice at a time. The first slice is written now; if more are left, the pass goes on in queued
     * tasks ({@link #continuePass}) and the calling drain leaves admission to the pass's end.
     */
    private void writeLive(MessageBatch messages) {
        passMessages = messages;
        passNext = 0;
        passKept = 0;
        passEnd = live.size();
        passId++;
        if (writeSlice()) {
            endPass(); // one slice was all: the calling drain goes on as before
        } else {
            queueSlice(passId);
        }
    }

    private void queueSlice(long id) {
        context.runOnContext(v -> continuePass(id)); // behind what is queued now: an answer goes out first
    }

    /** A queued slice: writes it, then queues the next one, or ends the pass and drains again. */
    private void continuePass(long id) {
        if (id != passId || passMessages == null) {
            return; // the pass was ended (a resynchronization)
        }
        if (writeSlice()) {
            endPass();
            drain(); // what came meanwhile, and the joining clients
        } else {
            queueSlice(id);
        }
    }

    /** Writes the pass's next slice of live clients; true when it was the last. */
    private boolean writeSlice() {
        MessageBatch messages = passMessages;
        int end = Math.min(passEnd, passNext + config.screensPerSlice());
        int kept = passKept;
        for (int i = passNext; i < end; i++) {
            DisplaySink s = live.get(i);
            if (s.gone()) {
                continue;
            }
            if (s.writeQueueFull()) {
                s.cut(); // never wait for one client: it reconnects with since
                counters.slowClientsCut.increment();
                continue;
            }
            s.write(messages);
            live.set(kept++, s);
        }
        counters.eventsWritten.add((long) (kept - passKept) * messages.size());
        passKept = kept;
        passNext = end;
        return end == passEnd;
    }

    /** Drops the clients the pass dropped; from now on the live list is whole again. */
    private void endPass() {
        if (passMessages != null) {
            live.subList(passKept, passNext).clear();
            passMessages = null;
            passId++;
        }
    }

    /**
     * Moves the joining clients whose sequence the drain has reached (and that is durable) to live: sends each
     * its Snapshot, if it asked for one, and the events after its sequence up to the drain's position.
     */
    private void admit(long durable) {
        if (joining.isEmpty()) {
            return;
        }
        long position = subscription.position();
        for (int i = 0; i < joining.size(); ) {
            Joining j = joining.get(i);
            if (j.gone()) {
                joining.remove(i);
                continue;
            }
            if (j.seq > position || j.seq > durable) {
                i++;
                continue; // not reached yet, or not durable yet: a later pass admits it
            }
            if (position - j.seq > config.maxCatchUpEvents() || !admit(j, position)) {
                j.restart(hall.runtime().dispatcher().snapshot()); // too far behind, or gone from the ring
                if (j.seq > position || j.seq > durable) {
                    i++;
                    continue;
                }
                if (!admit(j, position)) {
                    i++;
                    continue;
                }
            }
            joining.remove(i);
        }
    }

    /** Sends a reached joining client what it is owed and makes it live; false if the ring no longer has it. */
    private boolean admit(Joining j, long position) {
        if (j.sink != null) {
            List<EncodedEvent> owed = new ArrayList<>((int) (position - j.seq) + 1);
            if (j.snapshot != null) {
                owed.add(hall.snapshotMessage(j.snapshot));
            }
            for (long s = j.seq + 1; s <= position; s++) {
                EncodedEvent m = hall.encoded(s);
                if (m == null) {
                    return false;
                }
                owed.add(m);
            }
            if (!owed.isEmpty()) {
                j.sink.write(new MessageBatch(owed));
            }
            if (j.snapshot != null) {
                counters.snapshotsSent.increment();
            }
            counters.eventsWritten.add(position - j.seq);
            live.add(j.sink);
            return true;
        }
        List<Event> missed = new ArrayList<>((int) (position - j.seq));
        for (long s = j.seq + 1; s <= position; s++) {
            Event e = hall.ring().get(s);
            if (e == null) {
                return false;
            }
            missed.add(e);
        }
        j.track.start(j.snapshot);
        for (Event e : missed) {
            j.track.onEvent(e);
        }
        positionsStale |= j.track.positionStale();
        if (!j.track.gone()) {
            tracks.add(j.track);
        }
        return true;
    }

    /**
     * Any thread: the hall was rebuilt from its durable events. On the loop: clients waiting for a Snapshot or a
     * catch-up past the durable sequence start again from the rebuilt hall (what they were to get may be gone).
     */
    void rebuilt() {
        context.runOnContext(v -> {
            long durable = hall.durableSeq();
            if (subscription.position() > durable) {
                resynchronize();
            }
            HallSnapshot now = hall.runtime().dispatcher().snapshot();
            for (Joining j : joining) {
                if (j.seq > durable || j.snapshot != null) {
                    j.restart(now);
                }
            }
            drain();
        });
    }

    /** The drain lagged: every client starts again from a Snapshot, and so does the drain. */
    private void resynchronize() {
        endPass(); // a pass in slices ends here: its clients get a Snapshot like the others
        HallSnapshot now = hall.runtime().dispatcher().snapshot();
        // at what is durable, never past it: the drain's position is what it may send to a client that resumes
        subscription = hall.ring().subscribe(Math.min(hall.durableSeq(), now.seq()));
        for (DisplaySink s : live) {
            joining.add(new Joining(s, null, now.seq(), now));
        }
        for (TrackSession t : tracks) {
            joining.add(new Joining(null, t, now.seq(), now));
        }
        live.clear();
        tracks.clear();
        positionsStale = false;
    }

    /**
     * Positions are read from a snapshot at exactly the drain's position, so a phone never sees a line that
     * includes a change not yet durable; when the hall has moved further, a later pass (woken by that
     * durability) refreshes them.
     */
    private void refreshPositions() {
        HallSnapshot now = hall.runtime().dispatcher().snapshot();
        if (now.seq() != subscription.position()) {
            return;
        }
        positionsStale = false;
        for (TrackSession t : tracks) {
            t.refreshPosition(now);
        }
        tracks.removeIf(TrackSession::gone);
    }

    /** Proves every stream alive, cuts those that cannot take even that, and drops the gone. */
    private void heartbeat() {
        if (passMessages == null) { // else the pass is writing to them: it proves them alive or cuts them
            live.removeIf(s -> s.gone() || !beat(s));
        }
        for (Joining j : joining) {
            if (j.sink != null && !j.gone()) {
                beat(j.sink);
            }
        }
        tracks.removeIf(TrackSession::gone);
        for (TrackSession t : tracks) {
            t.heartbeat();
        }
        tracks.removeIf(TrackSession::gone);
    }

    private boolean beat(DisplaySink s) {
        if (s.writeQueueFull()) {
            s.cut();
            counters.slowClientsCut.increment();
            return false;
        }
        s.heartbeat();
        return true;
    }

    /** A client waiting to go live: a display (sink) or a phone (track), and the sequence it joins at. */
    private static final class Joining {
        final DisplaySink sink;
        final TrackSession track;
        long seq;
        HallSnapshot snapshot;

        Joining(DisplaySink sink, TrackSession track, long seq, HallSnapshot snapshot) {
            this.sink = sink;
            this.track = track;
            this.seq = seq;
            this.snapshot = snapshot;
        }

        boolean gone() {
            return sink != null ? sink.gone() : track.gone();
        }

        void restart(HallSnapshot s) {
            seq = s.seq();
            snapshot = s;
        }
    }
}
