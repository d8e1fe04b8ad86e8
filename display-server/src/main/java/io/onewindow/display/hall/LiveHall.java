package io.onewindow.display.hall;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Outcome;
import io.onewindow.core.Refusal;
import io.onewindow.core.journal.Journal;
import io.onewindow.core.journal.Recovery;
import io.onewindow.core.metrics.HallMetrics;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class LiveHall implements HallRuntime {

    /** Commands waiting for their events to become durable, past which the hall turns new ones away. */
    public static final int DEFAULT_MAX_PENDING_APPENDS = 50_000;

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
    private volatile boolean ready;
    private volatile Event lastRecovered;

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

    @Override
    public HallDefinition hall() {
        return dispatcher.hall();
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public HallMetrics metrics() {
        return metrics;
    }

    @Override
    public Long ticketIdForTrackToken(String token) {
        return token == null ? null : trackIndex.get(token);
    }

    @Override
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
        long started = System.nanoTime();
        Recovery.Result r = Recovery.replay(journal, dispatcher, metrics::record, this::index,
                e -> lastRecovered = e);
        journal.addDurableListener(this::durable);
        ready = true;
        LOG.info("hall {} recovered {} events to seq {} in {} ms", hall().id(), r.events(), r.lastSeq(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Runs a command and makes its event durable. The future completes with the event once it is durable, with
     * the refusal at once, or exceptionally when the journal failed (the command took effect in memory but is
     * not durable: the caller answers 503 and the operator must look).
     */
    public CompletableFuture<Outcome> submit(Supplier<Outcome> command) {
        if (readOnly) {
            throw new IllegalStateException("hall " + hall().id() + " is read-only here: commands go to its owner");
        }
        Outcome o = command.get();
        if (o instanceof Refusal) {
            return CompletableFuture.completedFuture(o);
        }
        Event e = (Event) o;
        index(e);
        long t0 = System.nanoTime();
        pendingAppends.incrementAndGet();
        return journal.append(e).whenComplete((v, err) -> pendingAppends.decrementAndGet()).thenApply(v -> {
            stats.recordAppendNanos(System.nanoTime() - t0);
            return o;
        });
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
        metrics.record(e);
        if (e instanceof Event.TicketIssued i) {
            issuedByCategory[i.ticket().categoryIndex()].increment();
        }
    }

    private void index(Event e) {
        if (e instanceof Event.TicketIssued i && i.ticket().trackToken() != null) {
            trackIndex.put(i.ticket().trackToken(), i.ticket().id());
        } else if (e instanceof Event.DayClosed) {
            // finished tickets the dispatcher no longer knows drop their links, so the index stays bounded
            trackIndex.values().removeIf(id -> dispatcher.ticket(id) == null);
        }
    }
}
