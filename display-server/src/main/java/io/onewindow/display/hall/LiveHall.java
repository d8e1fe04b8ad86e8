package io.onewindow.display.hall;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Outcome;
import io.onewindow.core.Refusal;
import io.onewindow.core.Ticket;
import io.onewindow.core.journal.Journal;
import io.onewindow.core.journal.Recovery;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.display.access.PhoneLinks;
import io.onewindow.display.store.LostEventsException;
import io.onewindow.display.store.UnsafeRedisException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hall this instance owns: its dispatcher, its journal, its metrics and the index of phone links. Thread-safe.
 *
 * <pre>
 *  HTTP handler --command--> dispatcher --Event--> journal.append --durable--> reply
 *                                                       |
 *                                                       +--durable listener (journal thread, in order)--> metrics
 * </pre>
 * A command is answered only once its event is durable: {@link #submit} returns a future that completes with
 * the event after the journal made it (and every earlier one) durable, or at once with the refusal, which
 * changed nothing. Start-up {@link #recover recovers} the hall from its journal before it {@link #ready serves}.
 *
 * <p><b>A failing journal.</b> The hall never runs ahead of its journal for longer than the commands already in
 * flight. On the first failed append (or a journal that reports a {@link Journal#failure()}) the hall turns every
 * new command away before it reaches the dispatcher ({@link #journalFailure()}: 503 {@code JOURNAL_UNAVAILABLE}
 * on its routes and on {@code /health/ready}); a rebuild thread waits until no command stands between its decision
 * and its append, rebuilds the dispatcher from the durable events (dropping what was decided but never made
 * durable, whose commands were answered 503), tells the streams to start their clients again, and resumes once
 * the journal can write again, by itself.
 *
 * <p><b>A journal that lost events.</b> When the journal's store ends before what the hall had made durable
 * there ({@link LostEventsException}: a Redis restarted without its append-only file, or flushed), at start-up or
 * while rebuilding, the hall stops for good: every route and {@code /health/ready} answer 503
 * {@code JOURNAL_LOST_EVENTS}, and no command reaches the dispatcher, so no number is issued a second time.
 *
 * <p>The exclusion is a Dekker pair of volatiles: a command increments {@code deciding} and then reads
 * {@code journalDown}; the failure sets {@code journalDown} and then the rebuild waits for {@code deciding} to be
 * zero. Volatile accesses are sequentially consistent, so either the command sees the failure and changes nothing,
 * or the rebuild waits for it to have appended.
 */
public final class LiveHall {

    /** Commands waiting for their events to become durable, past which the hall turns new ones away. */
    public static final int DEFAULT_MAX_PENDING_APPENDS = 50_000;

    /** How often a hall whose journal failed tries it again. */
    public static final long JOURNAL_RETRY_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(LiveHall.class);

    private final Dispatcher dispatcher;
    private final Journal journal;
    private final HallMetrics metrics;
    private final ServerStats stats;
    private final ConcurrentHashMap<String, Long> trackIndex = new ConcurrentHashMap<>();
    private final LongAdder[] issuedByCategory;
    private final boolean readOnly;
    private final int maxPendingAppends;
    private final AtomicInteger pendingAppends = new AtomicInteger();
    /** Commands between the failure check and the return of their append. */
    private final AtomicInteger deciding = new AtomicInteger();
    /** Why the journal cannot take commands now, or null. */
    private final AtomicReference<Throwable> journalDown = new AtomicReference<>();
    private final CopyOnWriteArrayList<Runnable> rebuildListeners = new CopyOnWriteArrayList<>();
    /** Told of every event recovery replays at start, in order (the evaluator gateway's catch-up). */
    private final CopyOnWriteArrayList<java.util.function.Consumer<Event>> recoveryReaders =
            new CopyOnWriteArrayList<>();
    /** Answers waiting for a sequence number to become durable, by that number. */
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> durableWaiters = new ConcurrentSkipListMap<>();
    private final long retryMillis;
    private volatile boolean ready;
    private volatile Throwable followFailure;
    /** Why the hall stopped for good: its journal's store lost events it had made durable; or null. */
    private volatile LostEventsException eventsLost;
    private volatile Event lastRecovered;
    /** Days of the journal kept (today included), 0 for every day; see {@link #retainDays}. */
    private volatile int retentionDays;
    private volatile Clock retentionClock = Clock.systemUTC();
    /** The retention run under way, or null; guarded by this. */
    private CompletableFuture<Integer> dropping;

    public LiveHall(Dispatcher dispatcher, Journal journal, HallMetrics metrics, ServerStats stats) {
        this(dispatcher, journal, metrics, stats, false);
    }

    /**
     * {@code readOnly}: a replica's hall, which takes no command; after {@link #recover} the server feeds it the
     * owner's events with {@link #applyFollowed}.
     */
    public LiveHall(Dispatcher dispatcher, Journal journal, HallMetrics metrics, ServerStats stats,
                    boolean readOnly) {
        this(dispatcher, journal, metrics, stats, readOnly, DEFAULT_MAX_PENDING_APPENDS);
    }

    /**
     * {@code maxPendingAppends}: commands whose events are not durable yet, past which new commands are turned
     * away ({@link #overloaded}) rather than queued without bound behind a journal that cannot keep up.
     */
    public LiveHall(Dispatcher dispatcher, Journal journal, HallMetrics metrics, ServerStats stats,
                    boolean readOnly, int maxPendingAppends) {
        if (maxPendingAppends < 1) {
            throw new IllegalArgumentException("maxPendingAppends must be >= 1, was " + maxPendingAppends);
        }
        this.maxPendingAppends = maxPendingAppends;
        this.retryMillis = JOURNAL_RETRY_MILLIS;
        this.readOnly = readOnly;
        this.dispatcher = dispatcher;
        this.journal = journal;
        this.metrics = metrics;
        this.stats = stats;
        this.issuedByCategory = new LongAdder[dispatcher.hall().categories().size()];
        for (int i = 0; i < issuedByCategory.length; i++) {
            issuedByCategory[i] = new LongAdder();
        }
    }

    public HallDefinition hall() {
        return dispatcher.hall();
    }

    /** The hall's dispatcher: commands (through {@link #submit}) and snapshots. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Where its events become durable; nothing leaves the server past {@link Journal#durableSeq()}. */
    public Journal journal() {
        return journal;
    }

    /** Its wait metrics and estimates, fed every durable event in order. */
    public HallMetrics metrics() {
        return metrics;
    }

    /** The id of the ticket whose phone link carries this token, or null. */
    public Long ticketIdForTrackToken(String token) {
        return token == null ? null : trackIndex.get(PhoneLinks.digest(token));
    }

    /** Whether this instance only follows the hall (a read-only replica serving displays). */
    public boolean readOnly() {
        return readOnly;
    }

    /** Whether recovery is done and the hall takes commands. */
    public boolean ready() {
        return ready;
    }

    /** The last event recovery applied, or null for a new hall. */
    public Event lastRecovered() {
        return lastRecovered;
    }

    /** Tickets issued per category since start, in the order of the hall definition (durable ones only). */
    public long issuedSinceStart(int categoryIndex) {
        return issuedByCategory[categoryIndex].sum();
    }

    /**
     * Replays the journal into the dispatcher, the metrics and the phone-link index, then starts feeding the
     * metrics from the journal's durable events. Blocking (reads files): call it once, before serving, off the
     * event loops.
     */
    public void recover() throws IOException {
        replayJournal();
        ready = true;
    }

    /**
     * The owner's start-up: {@link #recover} and, when the hall's last event is from a day before
     * {@code nowMillis}'s (the server was down over midnight), the day close, made durable before the hall takes
     * any command; so no ticket issued this morning can be expired by yesterday's close. Blocking: off the loops.
     */
    public void recoverClosingMissedDay(long nowMillis) throws IOException {
        replayJournal();
        if (!readOnly && eventsLost == null && DayCloser.missedMidnight(lastRecovered, hall().zone(), nowMillis)) {
            try {
                Outcome o = submit(dispatcher::closeDay).get(30, TimeUnit.SECONDS);
                if (o instanceof Event.DayClosed d) {
                    LOG.info("hall {}: day {} closed at start-up after midnight, {} waiting tickets expired",
                            hall().id(), d.day(), d.expired());
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("hall " + hall().id() + ": the day left open over midnight could not be"
                        + " closed durably", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing the day of hall " + hall().id(), e);
            }
        }
        ready = true;
    }

    private void replayJournal() throws IOException {
        long started = System.nanoTime();
        List<java.util.function.Consumer<Event>> readers = new ArrayList<>();
        readers.add(metrics::record);
        readers.add(this::index);
        readers.add(e -> lastRecovered = e);
        readers.addAll(recoveryReaders);
        Recovery.Result r;
        try {
            r = Recovery.replay(journal, dispatcher, this::startAt, readers);
        } catch (LostEventsException e) {
            eventsLost(e);
            return;
        }
        journal.addDurableListener(this::durable);
        LOG.info("hall {} recovered {} events to seq {} in {} ms", hall().id(), r.events(), r.lastSeq(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Retention of the journal's old days: after recovery and after each durable day close, the owner drops the
     * days before the last {@code days} local days of the hall (today included) on a thread of its own, never on
     * an event loop; 0 keeps every day. {@code clock} gives today (the system clock but in tests).
     */
    public void retainDays(int days, Clock clock) {
        if (days < 0) {
            throw new IllegalArgumentException("retention days must be 0 or more, was " + days);
        }
        this.retentionDays = days;
        this.retentionClock = Objects.requireNonNull(clock, "clock");
    }

    /** The first local day retention keeps now, or null when every day is kept. */
    LocalDate keepFrom() {
        int days = retentionDays;
        return days == 0 ? null
                : LocalDate.now(retentionClock.withZone(hall().zone())).minusDays(days - 1L);
    }

    /**
     * Drops the journal's days older than retention keeps, once at a time, off the caller's thread; a failure is
     * logged and tried again at the next day close or start. The future completes with the days dropped.
     */
    public CompletableFuture<Integer> dropOldDays() {
        LocalDate keepFrom = keepFrom();
        if (keepFrom == null || readOnly || eventsLost != null) {
            return CompletableFuture.completedFuture(0);
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        synchronized (this) {
            if (dropping != null) {
                return dropping; // one at a time: the run under way sees the same days or more
            }
            dropping = done;
        }
        Thread t = new Thread(() -> {
            try {
                long started = System.nanoTime();
                int dropped = journal.dropDaysBefore(keepFrom);
                if (dropped > 0) {
                    LOG.info("hall {}: retention dropped the events of {} day(s) before {} in {} ms", hall().id(),
                            dropped, keepFrom, (System.nanoTime() - started) / 1_000_000);
                }
                done.complete(dropped);
            } catch (IOException | RuntimeException e) {
                LOG.warn("hall {}: retention could not drop the days before {}; kept until the next day close: {}",
                        hall().id(), keepFrom, e.toString());
                done.complete(0);
            } finally {
                synchronized (this) {
                    dropping = null;
                }
            }
        }, "onewindow-retention-" + hall().id());
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** Recovery starts at a checkpoint (retention dropped the days before): its last event and live links. */
    private void startAt(HallCheckpoint from) {
        lastRecovered = from.last();
        indexLive(from);
        LOG.info("hall {}: starts at its checkpoint at event {} (older days dropped by retention)", hall().id(),
                from.seq());
    }

    private void indexLive(HallCheckpoint from) {
        for (Ticket t : from.liveTickets()) {
            if (t.trackToken() != null) {
                trackIndex.put(t.trackToken(), t.id());
            }
        }
    }

    /**
     * Runs a command and makes its event durable. The future completes with the event once it is durable, with
     * the refusal at once, or exceptionally: with a {@link HallUnavailableException} {@code JOURNAL_UNAVAILABLE}
     * before the command reached the dispatcher when the journal has failed, or with the journal's failure when
     * it failed while the event waited (the hall then rebuilds itself without it).
     */
    public CompletableFuture<Outcome> submit(Supplier<Outcome> command) {
        if (readOnly) {
            throw new IllegalStateException("hall " + hall().id() + " is read-only here: commands go to its owner");
        }
        if (eventsLost != null) {
            return CompletableFuture.failedFuture(lostEvents());
        }
        Outcome o;
        CompletableFuture<Void> appended;
        long t0;
        deciding.incrementAndGet(); // before the failure check: the rebuild waits for this to be zero again
        try {
            Throwable down = journalDown.get();
            if (down == null && journal.failure() != null) {
                journalFailed(journal.failure());
                down = journalDown.get();
            }
            if (down != null) {
                return CompletableFuture.failedFuture(unavailable());
            }
            o = command.get();
            if (o instanceof Refusal) {
                return CompletableFuture.completedFuture(o);
            }
            index((Event) o);
            t0 = System.nanoTime();
            pendingAppends.incrementAndGet();
            appended = journal.append((Event) o);
        } finally {
            deciding.decrementAndGet();
        }
        return appended.whenComplete((v, err) -> {
            pendingAppends.decrementAndGet();
            if (err != null) {
                journalFailed(err);
            }
        }).thenApply(v -> {
            stats.recordAppendNanos(System.nanoTime() - t0);
            return o;
        });
    }

    /**
     * Completes once every event up to {@code seq} is durable: an answer read from a state at {@code seq} waits
     * for it, so it never shows what a crash could take back. Fails with {@code JOURNAL_UNAVAILABLE} when the
     * journal fails first. Completes on the journal's thread (or at once).
     */
    public CompletableFuture<Void> whenDurable(long seq) {
        if (readOnly || journal.durableSeq() >= seq) {
            return CompletableFuture.completedFuture(null);
        }
        if (journalDown.get() != null) {
            return CompletableFuture.failedFuture(unavailable());
        }
        CompletableFuture<Void> waiter = durableWaiters.computeIfAbsent(seq, k -> new CompletableFuture<>());
        // the listener may have run between the first check and the registration: look again
        if (journal.durableSeq() >= seq) {
            releaseWaiters(journal.durableSeq());
        } else if (journalDown.get() != null) {
            failWaiters();
        }
        return waiter;
    }

    private void releaseWaiters(long durableSeq) {
        var reached = durableWaiters.headMap(durableSeq, true);
        while (!reached.isEmpty()) {
            var first = reached.pollFirstEntry();
            if (first != null) {
                first.getValue().complete(null);
            }
        }
    }

    private void failWaiters() {
        HallUnavailableException down = unavailable();
        for (var e = durableWaiters.pollFirstEntry(); e != null; e = durableWaiters.pollFirstEntry()) {
            e.getValue().completeExceptionally(down);
        }
    }

    /**
     * A replica: following the owner's stream stopped (an event it cannot read, a gap, a lost store), so this
     * hall no longer moves. Its routes and {@code /health/ready} answer 503 {@code REPLICA_STOPPED} from now on.
     */
    public void followingStopped(Throwable cause) {
        if (followFailure == null) {
            followFailure = cause;
            LOG.error("hall {}: this replica stopped following the owner; its screens would freeze: {}",
                    hall().id(), cause.toString());
        }
    }

    /** Why this replica no longer follows the hall, or null. */
    public Throwable followFailure() {
        return followFailure;
    }

    /**
     * Why the hall stopped for good (its journal's store lost events it had made durable), or null. Its routes and
     * {@code /health/ready} answer 503 {@code JOURNAL_LOST_EVENTS}.
     */
    public LostEventsException eventsLost() {
        return eventsLost;
    }

    /**
     * Why the hall takes no commands now (its journal failed), or null while it does. A journal that reports a
     * failure of its own (a Redis found without the hall's events on reconnecting) stops the hall here too, before
     * any command comes.
     */
    public Throwable journalFailure() {
        Throwable down = journalDown.get();
        if (down == null && ready && !readOnly) {
            Throwable f = journal.failure();
            if (f != null) {
                journalFailed(f);
                down = journalDown.get();
            }
        }
        return down;
    }

    /**
     * While the hall takes no commands because its journal cannot write: why, in words meant for the operator,
     * when the journal says so (a Redis that came back with settings that can lose acknowledged events, and which
     * setting), else null.
     */
    public String journalFailureReason() {
        Throwable f = journal.failure();
        return f instanceof UnsafeRedisException ? f.getMessage() : null;
    }

    /**
     * Tells the reader of every event the hall recovers from its journal at start, in sequence order, on the
     * recovering thread (it must not block), before the hall's durable listeners hear of any new event: with
     * the journal's durable listeners, a reader registered before {@link #recover} sees every durable event of
     * the hall once, in order. Register before recovery.
     */
    public void onRecovered(java.util.function.Consumer<Event> reader) {
        recoveryReaders.add(reader);
    }

    /** Tells the listener, on the rebuild thread, each time the hall was rebuilt from its durable events. */
    public void addRebuildListener(Runnable listener) {
        rebuildListeners.add(listener);
    }

    private HallUnavailableException unavailable() {
        return new HallUnavailableException(HallUnavailableException.Reason.JOURNAL_UNAVAILABLE, "hall "
                + hall().id() + " cannot make changes durable now; it takes them again by itself once its journal"
                + " writes");
    }

    private HallUnavailableException lostEvents() {
        return new HallUnavailableException(HallUnavailableException.Reason.JOURNAL_LOST_EVENTS,
                eventsLost.getMessage());
    }

    private void eventsLost(LostEventsException e) {
        if (eventsLost == null) {
            eventsLost = e;
            LOG.error("hall {}: stopped for good: {}", hall().id(), e.getMessage());
            failWaiters();
        }
    }

    /** The first failure starts the rebuild; later ones (the rest of the batch) find it started. */
    private void journalFailed(Throwable cause) {
        if (!journalDown.compareAndSet(null, cause)) {
            return;
        }
        LOG.error("hall {}: its journal failed; it takes no commands until the journal writes again: {}",
                hall().id(), cause.toString());
        failWaiters();
        Thread rebuild = new Thread(this::rebuildAndResume, "onewindow-rebuild-" + hall().id());
        rebuild.setDaemon(true);
        rebuild.start();
    }

    /**
     * The rebuild thread: waits until no command stands between its decision and its append and every append
     * in flight has been answered, rebuilds the dispatcher and the phone-link index from the durable events, and
     * resumes the journal, trying again every {@link #JOURNAL_RETRY_MILLIS} until it writes.
     */
    private void rebuildAndResume() {
        try {
            while (deciding.get() != 0 || pendingAppends.get() != 0) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            List<Event> durable = new ArrayList<>();
            HallCheckpoint[] from = new HallCheckpoint[1];
            for (int attempt = 0; ; attempt++) {
                try {
                    durable.clear();
                    from[0] = HallCheckpoint.initial(hall());
                    journal.readDurable(cp -> from[0] = cp, durable::add);
                    break;
                } catch (LostEventsException e) {
                    eventsLost(e);
                    return;
                } catch (IOException e) {
                    if (attempt == 0) {
                        LOG.warn("hall {}: cannot read its journal back yet: {}", hall().id(), e.toString());
                    }
                    TimeUnit.MILLISECONDS.sleep(retryMillis);
                }
            }
            dispatcher.rebuild(from[0], durable);
            trackIndex.clear();
            indexLive(from[0]);
            for (Event e : durable) {
                index(e);
            }
            for (Runnable l : rebuildListeners) {
                l.run();
            }
            LOG.info("hall {}: rebuilt from its {} durable events; waiting for the journal to write again",
                    hall().id(), durable.size());
            while (true) {
                try {
                    journal.resumeAfterFailure();
                    break;
                } catch (LostEventsException e) {
                    eventsLost(e);
                    return;
                } catch (IOException e) {
                    LOG.debug("hall {}: journal still failing: {}", hall().id(), e.toString());
                    TimeUnit.MILLISECONDS.sleep(retryMillis);
                }
            }
            journalDown.set(null);
            LOG.info("hall {}: its journal writes again at seq {}; taking commands", hall().id(),
                    journal.durableSeq());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("hall {}: could not rebuild after the journal failed; restart the server", hall().id(), e);
        }
    }

    /**
     * Whether so many commands wait for the journal that a new one should be turned away (429) before it
     * changes anything. An estimate: commands racing past the check may exceed the bound by a few.
     */
    public boolean overloaded() {
        return pendingAppends.get() >= maxPendingAppends;
    }

    /**
     * A replica: applies the next event the owner made durable, as followed from the hall's stream (in sequence
     * order, on the follower's context). The displays of this instance then send it like any durable event.
     */
    public void applyFollowed(Event e) {
        dispatcher.replay(e);
        index(e);
        durable(e);
    }

    private void durable(Event e) {
        if (!durableWaiters.isEmpty()) {
            releaseWaiters(e.seq());
        }
        if (e instanceof Event.DayClosed && retentionDays > 0 && !readOnly) {
            dropOldDays();
        }
        metrics.record(e);
        if (e instanceof Event.TicketIssued i) {
            issuedByCategory[i.ticket().categoryIndex()].increment();
        }
    }

    private void index(Event e) {
        if (e instanceof Event.TicketIssued i && i.ticket().trackToken() != null) {
            trackIndex.put(i.ticket().trackToken(), i.ticket().id()); // by digest: the link is kept nowhere
        } else if (e instanceof Event.TrackLinkReplaced r) {
            long id = r.ticket().id();
            trackIndex.values().removeIf(v -> v == id); // the old link stops working
            trackIndex.put(r.ticket().trackToken(), id);
        } else if (e instanceof Event.DayClosed) {
            // finished tickets the dispatcher no longer knows drop their links, so the index stays bounded
            trackIndex.values().removeIf(id -> dispatcher.ticket(id) == null);
        }
    }
}
