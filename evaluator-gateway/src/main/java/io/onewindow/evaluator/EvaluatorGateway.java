package io.onewindow.evaluator;

import io.onewindow.core.Event;
import io.onewindow.core.Staff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator gateway at run time: opens an evaluation for each finished service, takes the ratings of the pads
 * and the phones, moves the follow-up cases on, and answers only once the store made a change durable.
 * Thread-safe: every method may be called from any thread; the {@link EvaluationBook} is confined to the
 * gateway's own context (one event loop), and the store's I/O runs off it.
 *
 * <pre>
 *  hall's recovered events (catch-up at start), then its durable events, in order ─▶ hallEvent:
 *    WindowOpened / WindowClosed ─▶ book: who is signed in at the window
 *    ServiceCompleted (not opened yet) ─▶ store Opened (retried until durable) ─▶ book ─▶ EvaluationRequest to
 *                                                                                the window's pads
 *  every minute: services unrated past the period ─▶ the hall's default rating, if it has one (SYSTEM_DEFAULT)
 *  every hour: services done a day past their period ─▶ folded into the book's per-day totals (see
 *              EvaluationBook); a ServiceCompleted before a hall's fold horizon is not opened again
 *  pad / phone rating ─▶ more than maxRatingsInFlight on their way? ─▶ Error TOO_MANY_REQUESTS (retry, same id)
 *                      ─▶ book.decide ─▶ store Rated ─durable─▶ book.apply ─▶ Ack   (差评: case opened)
 *                                            └─failed─▶ release ─▶ Error STORE_UNAVAILABLE (retry, same id)
 * </pre>
 *
 * <p><b>Overload.</b> At most {@code maxRatingsInFlight} ratings (pad and phone together) are between their
 * arrival and their answer at once; one more is refused at once, on the caller's thread, with
 * {@link EvaluationError#TOO_MANY_REQUESTS} before anything was decided or stored (the same request id may be
 * sent again). So under more ratings than the store takes, the queues in front of the store stay short, the
 * ratings taken are answered in about {@code maxRatingsInFlight / throughput}, and the rest are told to retry,
 * instead of every rating waiting longer and longer in unbounded queues. A hall's pads send one rating at a time,
 * so the bound is reached only far beyond a hall's real load.
 */
public final class EvaluatorGateway {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorGateway.class);

    /** The default bound on the ratings between their arrival and their answer (see Overload above). */
    public static final int DEFAULT_MAX_RATINGS_IN_FLIGHT = 2048;
    /** A store failure is logged at most this often; the ratings it failed meanwhile are counted in the next line. */
    private static final long FAILURE_LOG_EVERY_MILLIS = 5_000;

    /** What a rating got. */
    public sealed interface Answer {
        /** Durable: {@code fresh} false when it repeats the answer of an earlier request with the same id. */
        record Ack(String requestId, String evaluationId, boolean fresh) implements Answer {
        }

        record Refused(String requestId, EvaluationError error) implements Answer {
        }
    }

    /** A pad connected to a window: told of each service of that window opened for its rating. */
    public interface PadListener {
        void request(ServiceRecord service, long expiresAtMillis);
    }

    private final Vertx vertx;
    private final Context context;
    private final EvaluationBook book;
    private final EvaluationStore store;
    private final Clock clock;
    private final Credentials credentials;
    private final Map<String, List<PadListener>> pads = new HashMap<>();
    private final Map<String, List<Promise<Answer>>> waiting = new HashMap<>();
    private final CopyOnWriteArrayList<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    /** Services whose Opened entry is on its way to the store (or waits for a retry). Confined to the context. */
    private final Set<String> opening = new HashSet<>();
    /** Services that may need their hall's default rating, the earliest end of period first. Confined. */
    private final PriorityQueue<ServiceRecord> awaitingDefault;
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile long defaultsTimer = -1;
    private volatile long foldTimer = -1;
    private final int maxRatingsInFlight;
    /** Ratings between their arrival and their answer (any thread). */
    private final AtomicInteger ratingsInFlight = new AtomicInteger();
    private final LongAdder refusedTooMany = new LongAdder();
    /** Store failures not logged yet, and when one was last logged. Confined to the context. */
    private long unloggedFailures;
    private long failureLoggedAtMillis = Long.MIN_VALUE / 2;

    public EvaluatorGateway(Vertx vertx, Collection<HallSettings> halls, EvaluationStore store,
                            Credentials credentials, Clock clock) {
        this(vertx, halls, store, credentials, clock, DEFAULT_MAX_RATINGS_IN_FLIGHT);
    }

    /** @param maxRatingsInFlight the ratings taken at once; one more is refused with TOO_MANY_REQUESTS */
    public EvaluatorGateway(Vertx vertx, Collection<HallSettings> halls, EvaluationStore store,
                            Credentials credentials, Clock clock, int maxRatingsInFlight) {
        if (maxRatingsInFlight < 1) {
            throw new IllegalArgumentException("maxRatingsInFlight must be at least 1, not " + maxRatingsInFlight);
        }
        this.maxRatingsInFlight = maxRatingsInFlight;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.book = new EvaluationBook(halls);
        EvaluationBook b = this.book;
        this.awaitingDefault = new PriorityQueue<>(Comparator.comparingLong(
                s -> s.completedAtMillis() + b.hall(s.hall()).periodMillis()));
        this.store = store;
        this.clock = clock;
        this.credentials = credentials;
    }

    /**
     * Replays the store into the book; the future completes when the gateway takes ratings. The fold horizons are
     * set first, and the entries go to the book in chunks of {@value #REPLAY_CHUNK} as they are read, so a start
     * holds the open period, not the whole history.
     */
    public Future<EvaluatorGateway> start() {
        long now = clock.millis();
        return on(b -> {
            b.startFolding(now);
            return null;
        }).compose(x -> vertx.executeBlocking(() -> {
            long[] n = new long[1];
            List<Entry> chunk = new ArrayList<>(REPLAY_CHUNK);
            store.replay(e -> {
                chunk.add(e);
                n[0]++;
                if (chunk.size() == REPLAY_CHUNK) {
                    applyAndWait(new ArrayList<>(chunk));
                    chunk.clear();
                }
            });
            applyAndWait(chunk);
            return n[0];
        }, false)).compose(n -> on(b -> {
            for (HallSettings h : b.halls()) {
                for (ServiceRecord s : b.services(h.id())) {
                    awaitDefault(s);
                }
            }
            ready = true;
            defaultsTimer = vertx.setPeriodic(DEFAULTS_EVERY_MILLIS, id -> applyDefaults());
            foldTimer = vertx.setPeriodic(FOLD_EVERY_MILLIS, id -> fold());
            LOG.info("evaluator gateway ready: {} entries recovered from the {} store", n, store.kind());
            return this;
        }));
    }

    /** How often the gateway looks for services whose evaluation period ended unrated. */
    static final long DEFAULTS_EVERY_MILLIS = 60_000;
    /** How often the gateway folds the services done a day past their period (see {@link EvaluationBook}). */
    static final long FOLD_EVERY_MILLIS = 3_600_000;
    /** Replayed entries are handed to the book in chunks of this many. */
    static final int REPLAY_CHUNK = 4096;

    /** Applies replayed entries on the gateway's context and waits until they are (a worker thread, at start). */
    private void applyAndWait(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Void> applied = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                entries.forEach(book::apply);
                applied.complete(null);
            } catch (RuntimeException e) {
                applied.completeExceptionally(e);
            }
        });
        applied.join(); // an apply that threw fails the start with it
    }

    /**
     * Moves each hall's fold horizon forward and folds the services before it into the book's totals. Runs by
     * itself every hour; the future holds how many services were folded. Any thread.
     */
    public Future<Integer> fold() {
        long now = clock.millis();
        return on(b -> {
            int n = b.fold(now);
            if (n > 0) {
                LOG.info("folded {} services done a day past their evaluation period into the daily totals", n);
            }
            return n;
        });
    }

    /**
     * The national export of a hall's ratings made from {@code from} to {@code to}, folded days included: the
     * book's whole ratings in the range and its horizon are taken first, on its context; the ratings of the
     * services before that horizon are then read from the store, off the event loop (every one of them was durable
     * before it was folded, so before the read), and the two are merged (see {@link NationalExport}).
     */
    public Future<String> export(String hall, LocalDate from, LocalDate to) {
        HallSettings h = book.hall(hall);
        record Live(long horizon, List<Evaluation> ratings) {
        }
        return on(b -> new Live(b.horizon(hall), NationalExport.inRange(h, b.evaluations(hall), from, to)))
                .compose(live -> vertx.executeBlocking(() -> {
                    List<Evaluation> folded = new ArrayList<>(); // only the range's: never the whole history
                    if (live.horizon() != Long.MIN_VALUE) {
                        store.readAll(hall, en -> {
                            if (en instanceof Entry.Rated r
                                    && r.evaluation().service().completedAtMillis() < live.horizon()) {
                                LocalDate d = FollowUpCase.date(r.evaluation().ratedAtMillis(), h.zone());
                                if (!d.isBefore(from) && !d.isAfter(to)) {
                                    folded.add(r.evaluation());
                                }
                            }
                        });
                    }
                    return NationalExport.csv(h, folded, live.ratings(), from, to);
                }, false));
    }

    public boolean ready() {
        return ready;
    }

    /** The settings of a hall the gateway serves, or null (any thread: the halls never change). */
    public HallSettings hallSettings(String hall) {
        return book.hall(hall);
    }

    public Collection<HallSettings> halls() {
        return book.halls();
    }

    public Credentials credentials() {
        return credentials;
    }

    public Clock clock() {
        return clock;
    }

    public String storeKind() {
        return store.kind();
    }

    /** Runs a read (or a decision) on the book, on the gateway's context. */
    public <T> Future<T> on(Function<EvaluationBook, T> read) {
        Promise<T> p = callerPromise();
        context.runOnContext(v -> {
            try {
                p.complete(read.apply(book));
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /** A promise whose listeners run on the caller's context (its event loop), when there is one. */
    private static <T> Promise<T> callerPromise() {
        Context caller = Vertx.currentContext();
        return caller == null ? Promise.promise() : ((io.vertx.core.internal.ContextInternal) caller).promise();
    }

    /** Told after every durable change (for /metrics and dashboards that poll); must not block. */
    public void onChange(Runnable r) {
        changeListeners.add(r);
    }

    // ---------------------------------------------------------------- services

    /**
     * A durable event of a hall, in sequence order: a ServiceCompleted opens its evaluation (once: a service
     * opened already, or on its way, is not opened again, so the same events may come twice, as a catch-up at
     * start does); a WindowOpened signs its staff in at the window and a WindowClosed signs them out (a pad rates
     * only while the staff who served is signed in). Other events are ignored. Any thread; the journal's or the
     * feed's thread never waits.
     */
    public void hallEvent(String hall, Event e) {
        if (e instanceof Event.ServiceCompleted done) {
            serviceCompleted(hall, done);
        } else if (e instanceof Event.WindowOpened o) {
            String staffId = o.staff() == null ? null : o.staff().id();
            context.runOnContext(v -> book.staffAt(hall, o.window(), o.seq(), staffId));
        } else if (e instanceof Event.WindowClosed c) {
            context.runOnContext(v -> book.staffAt(hall, c.window(), c.seq(), null));
        }
    }

    /**
     * A service completed at a window (a durable ServiceCompleted of the hall): opens its evaluation. Any
     * thread; a service opened already is not opened again.
     */
    public void serviceCompleted(String hall, Event.ServiceCompleted e) {
        Staff staff = e.staff();
        ServiceRecord s = new ServiceRecord(ServiceRecord.serviceId(hall, e.seq()), hall, e.seq(), e.ticket().id(),
                e.ticket().number(), e.ticket().category(), e.window(), staff == null ? "" : staff.id(),
                staff == null ? "" : staff.name(), e.atMillis(), EvaluationBook.linkKey(e.ticket().trackToken()));
        context.runOnContext(v -> open(s));
    }

    /**
     * Opens the evaluation of a finished service given as a record (a load generator, an import): the staff it
     * names counts as signed in at its window from its sequence number on. Any thread.
     */
    public void serviceCompleted(ServiceRecord s) {
        context.runOnContext(v -> open(s));
    }

    private void open(ServiceRecord s) {
        if (book.hall(s.hall()) == null || book.service(s.serviceId()) != null || book.folded(s)
                || !opening.add(s.serviceId())) {
            return; // opened already, on its way, or before the fold horizon: counted already, or never
        }
        book.staffAt(s.hall(), s.window(), s.seq(), s.staffId()); // signed in when it served: known at once
        storeOpened(s, 0);
    }

    /** Appends the Opened entry; a failed append is tried again (with growing pauses) until it is durable. */
    private void storeOpened(ServiceRecord s, int attempt) {
        store.append(new Entry.Opened(s)).whenComplete((res, err) -> context.runOnContext(v -> {
            if (err != null) {
                if (closed) {
                    return;
                }
                long pause = Math.min(MAX_RETRY_PAUSE_MILLIS, 250L << Math.min(attempt, 7));
                if (attempt == 0) {
                    LOG.warn("hall {}: service {} not yet stored for evaluation, trying again: {}", s.hall(),
                            s.serviceId(), err.toString());
                }
                vertx.setTimer(pause, id -> storeOpened(s, attempt + 1));
                return;
            }
            opening.remove(s.serviceId());
            book.apply(new Entry.Opened(s));
            changed();
            awaitDefault(s);
            long expires = s.completedAtMillis() + book.hall(s.hall()).padTimeoutMillis();
            ServiceRecord pending = book.pendingAt(s.hall(), s.window(), clock.millis());
            if (pending != null && pending.serviceId().equals(s.serviceId())) {
                for (PadListener l : pads.getOrDefault(s.hall() + "/" + s.window(), List.of())) {
                    l.request(s, expires);
                }
            }
        }));
    }

    private static final long MAX_RETRY_PAUSE_MILLIS = 30_000;

    // ---------------------------------------------------------------- the hall's default rating

    private void awaitDefault(ServiceRecord s) {
        HallSettings h = book.hall(s.hall());
        if (h != null && h.defaultLevel() != null && !book.folded(s) && book.ratingOf(s.serviceId()) == null) {
            awaitingDefault.add(s);
        }
    }

    /**
     * Gives the hall's default rating to every service whose evaluation period ended unrated (halls without a
     * default have none: their services stay unrated). Runs by itself every minute; the future holds how many
     * defaults were made durable. Any thread.
     */
    public Future<Integer> applyDefaults() {
        Promise<Integer> done = callerPromise();
        context.runOnContext(v -> {
            long now = clock.millis();
            List<Future<Answer>> stored = new ArrayList<>();
            List<ServiceRecord> later = new ArrayList<>();
            while (!awaitingDefault.isEmpty()) {
                ServiceRecord s = awaitingDefault.peek();
                if (s.completedAtMillis() + book.hall(s.hall()).periodMillis() >= now) {
                    break;
                }
                awaitingDefault.poll();
                if (book.ratingOf(s.serviceId()) != null || book.folded(s)) {
                    continue;
                }
                Evaluation e = book.decideDefault(s, now);
                if (e == null) {
                    later.add(s); // being rated right now: look again at the next round
                    continue;
                }
                Promise<Answer> answer = Promise.promise();
                store.append(new Entry.Rated(e)).whenComplete((res, err) -> context.runOnContext(x ->
                        stored(e, res, err, answer)));
                stored.add(answer.future().onSuccess(a -> {
                    if (a instanceof Answer.Refused no && no.error() == EvaluationError.STORE_UNAVAILABLE) {
                        awaitDefault(s); // the store failed: the next round tries again
                    }
                }));
            }
            awaitingDefault.addAll(later);
            Future.join(stored).onComplete(ar -> {
                int n = 0;
                for (Future<Answer> f : stored) {
                    if (f.succeeded() && f.result() instanceof Answer.Ack ack && ack.fresh()) {
                        n++;
                    }
                }
                if (n > 0) {
                    LOG.info("{} services past their evaluation period got their hall's default rating", n);
                }
                done.complete(n);
            });
        });
        return done.future();
    }

    /** A pad joins its window; it is sent the pending request, if any, at once. */
    public void padConnected(String hall, String window, PadListener l) {
        context.runOnContext(v -> {
            pads.computeIfAbsent(hall + "/" + window, k -> new ArrayList<>()).add(l);
            ServiceRecord s = book.pendingAt(hall, window, clock.millis());
            if (s != null) {
                l.request(s, s.completedAtMillis() + book.hall(hall).padTimeoutMillis());
            }
        });
    }

    public void padDisconnected(String hall, String window, PadListener l) {
        context.runOnContext(v -> {
            List<PadListener> ls = pads.get(hall + "/" + window);
            if (ls != null) {
                ls.remove(l);
                if (ls.isEmpty()) {
                    pads.remove(hall + "/" + window);
                }
            }
        });
    }

    // ---------------------------------------------------------------- ratings

    /** A pad's rating, for the pad of {@code window} (its token already checked). */
    public Future<Answer> ratePad(String hall, String window, RatingRequest r) {
        return rate(r, b -> b.decidePad(r, hall, window, clock.millis()), callerPromise());
    }

    /**
     * A pad's rating whose answer is handed to {@code answer} on the gateway's own thread, which must not block
     * there (a pad's socket writes its Ack from there: Vert.x queues a write from another thread and flushes the
     * queue once, so the answers of one store batch reach a pad in one write instead of one system call each).
     */
    public void ratePad(String hall, String window, RatingRequest r, Consumer<Answer> answer) {
        Promise<Answer> p = Promise.promise(); // no context: its listener runs where the answer completes
        p.future().onComplete(ar -> answer.accept(ar.succeeded() ? ar.result()
                : new Answer.Refused(r.requestId(), EvaluationError.STORE_UNAVAILABLE)));
        rate(r, b -> b.decidePad(r, hall, window, clock.millis()), p);
    }

    /** A phone's rating through its ticket's link. */
    public Future<Answer> ratePhone(String linkToken, RatingRequest r) {
        return rate(r, b -> b.decidePhone(r, linkToken, clock.millis()), callerPromise());
    }

    private Future<Answer> rate(RatingRequest r, Function<EvaluationBook, EvaluationBook.Decision> decide,
                                Promise<Answer> answer) {
        if (ratingsInFlight.incrementAndGet() > maxRatingsInFlight) {
            ratingsInFlight.decrementAndGet();
            refusedTooMany.increment();
            answer.complete(new Answer.Refused(r.requestId(), EvaluationError.TOO_MANY_REQUESTS));
            return answer.future();
        }
        answer.future().onComplete(ar -> ratingsInFlight.decrementAndGet());
        context.runOnContext(v -> {
            if (!ready) {
                answer.complete(new Answer.Refused(r.requestId(), EvaluationError.STORE_UNAVAILABLE));
                return;
            }
            if (r.requestId() != null && book.inFlight(r.requestId())) {
                waiting.computeIfAbsent(r.requestId(), k -> new ArrayList<>()).add(answer); // the first answers
                return;
            }
            EvaluationBook.Decision d = decide.apply(book);
            if (d instanceof EvaluationBook.Decision.Refused no) {
                answer.complete(new Answer.Refused(r.requestId(), no.error()));
            } else if (d instanceof EvaluationBook.Decision.Repeated again) {
                answer.complete(new Answer.Ack(r.requestId(), again.first().evaluationId(), false));
            } else {
                Evaluation e = ((EvaluationBook.Decision.Accepted) d).evaluation();
                store.append(new Entry.Rated(e)).whenComplete((res, err) -> context.runOnContext(x ->
                        stored(e, res, err, answer)));
            }
        });
        return answer.future();
    }

    private void stored(Evaluation e, EvaluationStore.Appended res, Throwable err, Promise<Answer> answer) {
        Answer a;
        if (err != null) {
            storeFailed(e, err);
            book.release(e);
            a = new Answer.Refused(e.requestId(), EvaluationError.STORE_UNAVAILABLE);
        } else if (res.kind() == EvaluationStore.Kind.ALREADY_RATED) {
            book.release(e);
            a = new Answer.Refused(e.requestId(), EvaluationError.ALREADY_EVALUATED);
        } else {
            book.release(e);
            Evaluation first = ((Entry.Rated) res.entry()).evaluation();
            if (res.kind() == EvaluationStore.Kind.STORED || !book.folded(first.service())) {
                book.apply(res.entry()); // an earlier entry before the horizon is counted already
            }
            Evaluation kept = ((Entry.Rated) res.entry()).evaluation();
            a = new Answer.Ack(e.requestId(), kept.evaluationId(), res.kind() == EvaluationStore.Kind.STORED);
            changed();
            if (kept.level().bad() && LOG.isDebugEnabled()) {
                LOG.debug("hall {}: 差评 at window {}: follow-up case {} opened", kept.hall(),
                        kept.service().window(), book.caseOf(kept.evaluationId()));
            }
        }
        answer.complete(a);
        List<Promise<Answer>> others = waiting.remove(e.requestId());
        if (others != null) {
            for (Promise<Answer> p : others) {
                p.complete(a instanceof Answer.Ack ack ? new Answer.Ack(ack.requestId(), ack.evaluationId(), false)
                        : a);
            }
        }
    }

    /**
     * A rating the store failed (the rater is answered STORE_UNAVAILABLE and retries): logged once per
     * {@value #FAILURE_LOG_EVERY_MILLIS} ms with the count of the others since, not once per rating (an outage
     * under load would write a line per rating, on the gateway's thread).
     */
    private void storeFailed(Evaluation e, Throwable err) {
        unloggedFailures++;
        long now = System.currentTimeMillis();
        if (now - failureLoggedAtMillis >= FAILURE_LOG_EVERY_MILLIS) {
            LOG.warn("hall {}: rating of {} not stored ({} ratings not stored since the last line; each was told "
                    + "to retry): {}", e.hall(), e.service().serviceId(), unloggedFailures, err.toString());
            unloggedFailures = 0;
            failureLoggedAtMillis = now;
        }
    }

    /** Ratings refused with TOO_MANY_REQUESTS so far. */
    public long refusedTooMany() {
        return refusedTooMany.sum();
    }

    /** Ratings between their arrival and their answer now. */
    public int ratingsInFlight() {
        return ratingsInFlight.get();
    }

    // ---------------------------------------------------------------- cases

    /** A manager's step on a case; the future holds the case after it, once durable, or fails with the refusal. */
    public Future<FollowUpCase> step(CaseStep step) {
        Promise<FollowUpCase> done = callerPromise();
        context.runOnContext(v -> {
            EvaluationError no = book.refusal(step);
            if (no != null) {
                done.fail(new RefusedException(no));
                return;
            }
            store.append(new Entry.CaseStepped(step)).whenComplete((res, err) -> context.runOnContext(x -> {
                if (err != null) {
                    done.fail(new RefusedException(EvaluationError.STORE_UNAVAILABLE));
                    return;
                }
                book.apply(new Entry.CaseStepped(step));
                changed();
                done.complete(book.followUp(step.caseId()));
            }));
        });
        return done.future();
    }

    /** A refusal carried by a failed future. */
    public static final class RefusedException extends RuntimeException {
        private final EvaluationError error;

        public RefusedException(EvaluationError error) {
            super(error.code(), null, false, false);
            this.error = error;
        }

        public EvaluationError error() {
            return error;
        }
    }

    /** The hall's local date now. */
    public LocalDate today(String hall) {
        HallSettings h = book.hall(hall);
        return FollowUpCase.date(clock.millis(), h.zone());
    }

    /** The gateway's figures in the Prometheus text format (see {@link EvaluationMetrics}). */
    public Future<String> prometheus() {
        Map<String, LocalDate> today = new HashMap<>();
        for (HallSettings h : book.halls()) {
            today.put(h.id(), today(h.id()));
        }
        long refused = refusedTooMany();
        int inFlight = ratingsInFlight();
        return on(b -> EvaluationMetrics.prometheus(b, today)
                + "# HELP onewindow_evaluation_ratings_refused_too_many_total ratings refused with TOO_MANY_REQUESTS "
                + "(more than the gateway takes at once were on their way)\n"
                + "# TYPE onewindow_evaluation_ratings_refused_too_many_total counter\n"
                + "onewindow_evaluation_ratings_refused_too_many_total " + refused + "\n"
                + "# HELP onewindow_evaluation_ratings_in_flight ratings between their arrival and their answer\n"
                + "# TYPE onewindow_evaluation_ratings_in_flight gauge\n"
                + "onewindow_evaluation_ratings_in_flight " + inFlight + "\n");
    }

    /**
     * Follows a hall running in this JVM: every durable event of its journal reaches the gateway, in sequence
     * order, once, and only once durable (the journal's durable listeners), so an evaluation never opens for a
     * service that a crash could take back. Call before the hall takes commands, and hand the events the hall
     * recovers at start to {@link #hallEvent} too (the catch-up): a ServiceCompleted made durable just before a
     * crash, whose evaluation was not stored yet, then opens at the next start, and one stored already is not
     * opened again.
     */
    public void follow(String hall, io.onewindow.core.journal.Journal journal) {
        journal.addDurableListener(e -> hallEvent(hall, e)); // hops to the gateway's context: never waits
    }

    private void changed() {
        for (Runnable r : changeListeners) {
            r.run();
        }
    }

    /** Closes the store (which writes what it holds). */
    public Future<Void> close() {
        closed = true;
        if (defaultsTimer >= 0) {
            vertx.cancelTimer(defaultsTimer);
        }
        if (foldTimer >= 0) {
            vertx.cancelTimer(foldTimer);
        }
        return vertx.executeBlocking(() -> {
            store.close();
            return null;
        }, false);
    }
}
