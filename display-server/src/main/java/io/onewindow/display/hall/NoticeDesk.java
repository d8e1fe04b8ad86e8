package io.onewindow.display.hall;

import io.onewindow.core.Bookings;
import io.onewindow.core.Event;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.notice.Notice;
import io.onewindow.core.notice.Notices;
import io.onewindow.core.notice.Notifier;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a hall's SMS notices through the {@link Notifier}: those an event calls for once it is durable (the
 * booking's code, the call of an appointment ticket), those still due after a restart, and the reminders, looked
 * for every {@link #PERIOD_MILLIS}. Nothing is sent for an event that is not durable; a notice id goes out at
 * most once (the notifier's guarantee, kept across restarts in its file), so looking again is harmless.
 *
 * <p><b>After a restart.</b> The journal tells its durable listeners only of new events, not of those recovery
 * replays, and a crash (or a notifier that failed) can come between an event becoming durable and its notice
 * being written. So, once the hall has recovered and is ready (its missed day closed), {@link #catchUp} reads
 * the hall as it stands and sends what is still due ({@link Notices#stillDue}); the notifier drops the ids it
 * sent before. The rule, decided on the hall's state after recovery, never on the event alone:
 * <ul>
 *   <li>a booking's code, while the booking is still {@code BOOKED} and its slot has not ended (the code still
 *       checks in): none for a booking cancelled, checked in, marked no-show or past;</li>
 *   <li>the call of a ticket checked in from a booking, while a window holds it {@code CALLED} since the hall's
 *       local midnight: none for a ticket whose service started or ended, or that no longer waits at a
 *       window;</li>
 *   <li>reminders need nothing more: they are recomputed from the bookings at start and every minute.</li>
 * </ul>
 * The durable listener is registered ({@link #listen}) before the hall recovers, so an event made durable after
 * the hall became ready is heard of even while the catch-up runs; a notice both find goes out once.
 *
 * <p><b>While the server runs.</b> A code or call notice the notifier failed to send (the outbox's disk full, the
 * SMS gateway refusing past its own retries) waits to be sent again ({@link #waiting}, the gauge
 * {@code onewindow_notices_waiting_retry}): after {@link Backoff#firstMillis} (10 s), doubling up to
 * {@link Backoff#maxMillis} (5 min), the desk reads the hall as it stands then and sends again those of the
 * waiting notices that are {@link Notices#stillDue still due} (the rule above), after what it read is durable;
 * one no longer due (the booking cancelled, the ticket served meanwhile) is dropped. So a notice goes out once
 * the notifier writes again, without a restart, and never twice (the notifier's guarantee). It is logged once
 * when it first fails and once when it goes out or is dropped, not at every try. A failed reminder is not kept:
 * the reminders are looked for every minute anyway.
 *
 * <p>Threads: the durable listener runs on the journal's thread and the catch-up on the start-up worker thread;
 * both only compute notices and hand them to the notifier, which never blocks its caller. The reminders run on
 * the Vert.x context that called {@link #start}; the sends again on a worker thread, from a Vert.x timer.
 */
public final class NoticeDesk {

    /** How often the reminders are looked for. */
    public static final long PERIOD_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(NoticeDesk.class);

    /**
     * When a failed notice is tried again: {@code firstMillis} after it failed, then doubling up to
     * {@code maxMillis} while tries fail.
     */
    public record Backoff(long firstMillis, long maxMillis) {

        /** 10 seconds doubling to 5 minutes. */
        public static final Backoff DEFAULT = new Backoff(10_000, 300_000);

        public Backoff {
            if (firstMillis < 1 || maxMillis < firstMillis) {
                throw new IllegalArgumentException("backoff " + firstMillis + " to " + maxMillis + " ms");
            }
        }
    }

    private final Vertx vertx;
    private final LiveHall hall;
    private final Notifier notifier;
    private final Backoff backoff;
    /** The code and call notices that failed and wait to be sent again, by id. */
    private final Map<String, Notice> failed = new ConcurrentHashMap<>();
    /** A retry is scheduled or running: at most one at a time. */
    private final AtomicBoolean retrying = new AtomicBoolean();
    private volatile long delayMillis;
    private volatile long retryTimerId = -1;
    private volatile boolean stopped;
    private long timerId = -1;

    public NoticeDesk(Vertx vertx, LiveHall hall, Notifier notifier) {
        this(vertx, hall, notifier, Backoff.DEFAULT);
    }

    public NoticeDesk(Vertx vertx, LiveHall hall, Notifier notifier, Backoff backoff) {
        this.vertx = vertx;
        this.hall = hall;
        this.notifier = notifier;
        this.backoff = backoff;
        this.delayMillis = backoff.firstMillis();
    }

    /** The code and call notices that failed and wait to be sent again. */
    public int waiting() {
        return failed.size();
    }

    /** Hears of every event the hall makes durable from now on. Call before the hall recovers. */
    public void listen() {
        hall.journal().addDurableListener(this::durable);
    }

    /**
     * Once the hall is ready: sends the notices still due from what it recovered (see the class comment). Does
     * not block: the future completes with the number of notices sent now (0 when every one had been sent
     * before), after the notifier answered for each, or with 0 when the hall cannot say what is durable.
     */
    public CompletableFuture<Integer> catchUp(long nowMillis) {
        if (!hall.ready() || hall.eventsLost() != null) {
            return CompletableFuture.completedFuture(0);
        }
        Bookings bookings = hall.dispatcher().bookings();
        HallSnapshot snapshot = hall.dispatcher().snapshot(); // at or after the bookings' state
        List<Notice> due = Notices.stillDue(hall.hall(), snapshot, bookings, nowMillis);
        // a command taken since the hall became ready may not be durable yet: nothing leaves before it is
        return hall.whenDurable(snapshot.seq()).thenCompose(v -> {
            AtomicInteger sent = new AtomicInteger();
            List<CompletableFuture<?>> all = new ArrayList<>(due.size());
            for (Notice n : due) {
                all.add(send(n).thenAccept(now -> {
                    if (now) {
                        sent.incrementAndGet();
                    }
                }));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((x, err) -> sent.get());
        }).handle((n, err) -> {
            int count = err == null ? n : 0;
            if (err != null) {
                LOG.warn("hall {}: the notices still due after recovery were not looked at: {}", hall.hall().id(),
                        err.toString());
            } else {
                LOG.info("hall {}: {} notices still due after recovery, {} sent now (the others had been sent)",
                        hall.hall().id(), due.size(), count);
            }
            return count;
        });
    }

    /** Looks for reminders now and every {@link #PERIOD_MILLIS}, on the caller's Vert.x context. */
    public void start() {
        if (hall.hall().appointments() != null) {
            remind();
            timerId = vertx.setPeriodic(PERIOD_MILLIS, id -> remind());
        }
    }

    public void stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        long retry = retryTimerId;
        if (retry >= 0) {
            vertx.cancelTimer(retry);
        }
    }

    private void durable(Event e) {
        if (e instanceof Event.AppointmentBooked || e instanceof Event.TicketCalled) {
            Notices.of(e, hall.hall(), hall.dispatcher().bookings()).forEach(this::send);
        }
    }

    private void remind() {
        Notices.reminders(hall.hall(), hall.dispatcher().bookings(), System.currentTimeMillis()).forEach(this::send);
    }

    /** Sends one notice; the future says whether it went out now, false also when it failed (logged here). */
    private CompletableFuture<Boolean> send(Notice n) {
        return notifier.send(n).handle((sent, err) -> {
            if (err != null) {
                failed(n, err);
                return false;
            }
            if (sent) {
                LOG.debug("hall {}: notice {} sent", hall.hall().id(), n.id());
            }
            return sent;
        });
    }

    /** Keeps a failed code or call notice to send again, logging it once; a reminder is looked for again anyway. */
    private void failed(Notice n, Throwable err) {
        boolean kept = n.kind() == Notice.Kind.BOOKED || n.kind() == Notice.Kind.CALLED;
        if (!kept) {
            LOG.error("hall {}: notice {} not sent", hall.hall().id(), n.id(), err);
            return;
        }
        if (failed.putIfAbsent(n.id(), n) == null) {
            LOG.error("hall {}: notice {} not sent; tried again while still due", hall.hall().id(), n.id(), err);
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (stopped || failed.isEmpty() || !retrying.compareAndSet(false, true)) {
            return;
        }
        retryTimerId = vertx.setTimer(delayMillis, id -> {
            retryTimerId = -1;
            // stillDue reads every booking ahead: on a worker thread, never on the event loop
            vertx.executeBlocking(() -> {
                retryNow(System.currentTimeMillis()).whenComplete((anyFailed, err) -> {
                    delayMillis = Boolean.FALSE.equals(anyFailed) ? backoff.firstMillis()
                            : Math.min(delayMillis * 2, backoff.maxMillis());
                    retrying.set(false);
                    scheduleRetry();
                });
                return null;
            }, false).onFailure(err -> {
                LOG.warn("hall {}: the notices to send again were not looked at: {}", hall.hall().id(),
                        err.toString());
                retrying.set(false);
                scheduleRetry();
            });
        });
    }

    /**
     * Sends again the failed notices that are still due now, decided on the hall as it stands (see the class
     * comment), and drops those no longer due. The future says whether one failed again (or the hall could not
     * say what is durable: all wait).
     */
    CompletableFuture<Boolean> retryNow(long nowMillis) {
        if (stopped || !hall.ready() || hall.eventsLost() != null) {
            return CompletableFuture.completedFuture(true);
        }
        Bookings bookings = hall.dispatcher().bookings();
        HallSnapshot snapshot = hall.dispatcher().snapshot(); // at or after the bookings' state
        Map<String, Notice> due = new HashMap<>();
        for (Notice n : Notices.stillDue(hall.hall(), snapshot, bookings, nowMillis)) {
            due.put(n.id(), n);
        }
        List<Notice> again = new ArrayList<>();
        for (String id : failed.keySet()) {
            Notice n = due.get(id);
            if (n != null) {
                again.add(n);
            } else if (failed.remove(id) != null) {
                LOG.info("hall {}: notice {} no longer due, not sent", hall.hall().id(), id);
            }
        }
        if (again.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        AtomicBoolean anyFailed = new AtomicBoolean();
        // what it read may hold a command not durable yet: nothing leaves before it is
        return hall.whenDurable(snapshot.seq()).thenCompose(v -> {
            List<CompletableFuture<?>> all = new ArrayList<>(again.size());
            for (Notice n : again) {
                all.add(notifier.send(n).handle((sent, err) -> {
                    if (err != null) {
                        anyFailed.set(true);
                        LOG.debug("hall {}: notice {} not sent again: {}", hall.hall().id(), n.id(), err.toString());
                    } else if (failed.remove(n.id()) != null) {
                        LOG.info("hall {}: notice {} {} after it failed", hall.hall().id(), n.id(),
                                sent ? "sent" : "found sent");
                    }
                    return null;
                }));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        }).handle((v, err) -> err != null || anyFailed.get());
    }
}
