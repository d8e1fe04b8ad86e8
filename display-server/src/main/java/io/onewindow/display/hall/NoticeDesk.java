package io.onewindow.display.hall;

import io.onewindow.core.Event;
import io.onewindow.core.notice.Notice;
import io.onewindow.core.notice.Notices;
import io.onewindow.core.notice.Notifier;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a hall's SMS notices through the {@link Notifier}: those an event calls for once it is durable (the
 * booking's code, the call of an appointment ticket) and the reminders, looked for every
 * {@link #PERIOD_MILLIS}. Nothing is sent for an event that is not durable; a notice id goes out at most once
 * (the notifier's guarantee), so looking again is harmless. Confined to the Vert.x context that started it,
 * except the durable listener, which runs on the journal's thread and only hands notices over.
 */
public final class NoticeDesk {

    /** How often the reminders are looked for. */
    public static final long PERIOD_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(NoticeDesk.class);

    private final Vertx vertx;
    private final LiveHall hall;
    private final Notifier notifier;
    private long timerId = -1;

    public NoticeDesk(Vertx vertx, LiveHall hall, Notifier notifier) {
        this.vertx = vertx;
        this.hall = hall;
        this.notifier = notifier;
    }

    public void start() {
        hall.journal().addDurableListener(this::durable);
        if (hall.hall().appointments() != null) {
            remind();
            timerId = vertx.setPeriodic(PERIOD_MILLIS, id -> remind());
        }
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void durable(Event e) {
        if (e instanceof Event.AppointmentBooked || e instanceof Event.TicketCalled) {
            send(Notices.of(e, hall.hall(), hall.dispatcher().bookings()));
        }
    }

    private void remind() {
        send(Notices.reminders(hall.hall(), hall.dispatcher().bookings(), System.currentTimeMillis()));
    }

    private void send(List<Notice> notices) {
        for (Notice n : notices) {
            notifier.send(n).whenComplete((sent, err) -> {
                if (err != null) {
                    LOG.error("hall {}: notice {} not sent", hall.hall().id(), n.id(), err);
                } else if (sent) {
                    LOG.debug("hall {}: notice {} sent", hall.hall().id(), n.id());
                }
            });
        }
    }
}
