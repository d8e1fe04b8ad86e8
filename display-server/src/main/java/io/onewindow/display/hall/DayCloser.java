package io.onewindow.display.hall;

import io.onewindow.core.Event;
import io.onewindow.core.Refusal;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a hall's day at its local midnight (whatever the server's zone): every waiting ticket expires. A Vert.x
 * timer set for the next midnight in the hall's zone, set again after each close. Confined to the Vert.x context
 * that started it.
 */
public final class DayCloser {

    private static final Logger LOG = LoggerFactory.getLogger(DayCloser.class);

    private final Vertx vertx;
    private final LiveHall hall;
    private long timerId = -1;
    private volatile boolean stopped;

    public DayCloser(Vertx vertx, LiveHall hall) {
        this.vertx = vertx;
        this.hall = hall;
    }

    /**
     * The first instant of the local day after the one holding {@code nowMillis}, in the zone. A day that
     * starts in a DST gap starts at the first valid instant (ZonedDateTime's rule).
     */
    public static long nextMidnightMillis(ZoneId zone, long nowMillis) {
        LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(zone).toLocalDate();
        return today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /**
     * Whether a hall whose last event is {@code last} missed its midnight close: the event is from an earlier
     * local day than {@code nowMillis} and is not a day close (the server was down over midnight).
     */
    public static boolean missedMidnight(Event last, ZoneId zone, long nowMillis) {
        return last != null && !(last instanceof Event.DayClosed) && nextMidnightMillis(zone, last.atMillis())
                <= nowMillis;
    }

    /**
     * Starts the timer for the next local midnight. A midnight missed while the server was down is closed by
     * {@link LiveHall#recoverClosingMissedDay} before the hall takes any command.
     */
    public void start() {
        schedule();
    }

    public void stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        long now = System.currentTimeMillis();
        long delay = Math.max(1, nextMidnightMillis(hall.hall().zone(), now) - now);
        timerId = vertx.setTimer(delay, id -> {
            // a timer may fire a little early: close only once the hall's midnight has passed
            if (System.currentTimeMillis() >= now + delay) {
                closeDay("local midnight");
            }
            schedule();
        });
    }

    private void closeDay(String why) {
        hall.submit(() -> hall.dispatcher().closeDay()).whenComplete((o, err) -> {
            if (err != null) {
                LOG.error("hall {}: day close ({}) is not durable", hall.hall().id(), why, err);
            } else if (o instanceof Event.DayClosed d) {
                LOG.info("hall {}: day {} closed ({}), {} waiting tickets expired", hall.hall().id(), d.day(), why,
                        d.expired());
            } else if (o instanceof Refusal r) {
                LOG.warn("hall {}: day close ({}) refused: {}", hall.hall().id(), why, r.message());
            }
        });
    }
}
