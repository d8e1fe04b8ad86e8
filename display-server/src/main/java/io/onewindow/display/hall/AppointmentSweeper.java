package io.onewindow.display.hall;

import io.onewindow.core.Event;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks NO_SHOW the bookings of a hall whose check-in window has closed without a check-in: at start (a server
 * down at the time catches up) and then every {@link #PERIOD_MILLIS}. Each mark is a command of the hall like
 * any other, durable before it counts. Confined to the Vert.x context that started it.
 */
public final class AppointmentSweeper {

    /** How often the hall's bookings are looked over: a no-show is marked at most this late. */
    public static final long PERIOD_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(AppointmentSweeper.class);

    private final Vertx vertx;
    private final LiveHall hall;
    private long timerId = -1;

    public AppointmentSweeper(Vertx vertx, LiveHall hall) {
        this.vertx = vertx;
        this.hall = hall;
    }

    public void start() {
        if (hall.hall().appointments() == null) {
            return;
        }
        sweep();
        timerId = vertx.setPeriodic(PERIOD_MILLIS, id -> sweep());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void sweep() {
        if (!hall.ready() || hall.overloaded() || hall.eventsLost() != null || hall.journalFailure() != null) {
            return; // the next sweep marks them once the hall takes commands again
        }
        hall.submit(() -> hall.dispatcher().markMissedAppointments()).whenComplete((o, err) -> {
            if (err != null) {
                LOG.error("hall {}: marking missed appointments is not durable", hall.hall().id(), err);
            } else if (o instanceof Event.AppointmentsMissed m) {
                LOG.info("hall {}: {} bookings missed their check-in (NO_SHOW)", hall.hall().id(), m.bookings().size());
            }
        });
    }
}
