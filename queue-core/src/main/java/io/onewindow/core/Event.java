package io.onewindow.core;

import java.time.LocalDate;
import java.util.List;

/**
 * A state change of a hall. Immutable.
 *
 * <p>Every event carries the hall's sequence number ({@link #seq()}: strictly increasing, gap-free, the order in
 * which the changes took effect) and the hall time it took effect ({@link #atMillis()}: never decreasing along
 * the sequence). Applying the events in sequence order to an empty hall rebuilds exactly the state the
 * dispatcher had: that is how the journal recovers a hall. The wire name of an event is its simple class name.
 *
 * <p>Events about a ticket carry the ticket as it is after the change took effect (for TicketCalled: as it was
 * called, with its first call time), so a reader needs nothing else to render it.
 */
public sealed interface Event extends Outcome {

    long seq();

    long atMillis();

    /** The wire name: the simple name of the event's class. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** A ticket joined the line. */
    record TicketIssued(long seq, long atMillis, Ticket ticket) implements Event {
    }

    /** A window called a waiting ticket. */
    record TicketCalled(long seq, long atMillis, Ticket ticket, String window, Staff staff) implements Event {
    }

    /** A window called its current ticket again; {@code recallCount} counts the recalls so far. */
    record TicketRecalled(long seq, long atMillis, Ticket ticket, String window, int recallCount)
            implements Event {
    }

    /** The citizen arrived at the window and service started. */
    record ServiceStarted(long seq, long atMillis, Ticket ticket, String window, Staff staff) implements Event {
    }

    /** Service done: opens the evaluation of this service. */
    record ServiceCompleted(long seq, long atMillis, Ticket ticket, String window, Staff staff,
                            long calledAtMillis, long startedAtMillis) implements Event {
    }

    /** 过号: the citizen did not come, marked by staff or by a recall past the limit. */
    record TicketNoShow(long seq, long atMillis, Ticket ticket, String window, boolean recallLimitReached)
            implements Event {
    }

    /** 过号重排: a no-show back in the line, after the hall's reinstateAfter waiting tickets. */
    record TicketReinstated(long seq, long atMillis, Ticket ticket) implements Event {
    }

    /** A called or served ticket sent to wait in another category, keeping its queue time. */
    record TicketTransferred(long seq, long atMillis, Ticket ticket, String fromCategory, String window)
            implements Event {
    }

    /** The citizen gave up a waiting ticket. */
    record TicketCancelled(long seq, long atMillis, Ticket ticket) implements Event {
    }

    /** A manager pinned a waiting ticket to the top of its category, with a reason. */
    record TicketPinned(long seq, long atMillis, Ticket ticket, String reason) implements Event {
    }

    /**
     * A guide gave a waiting ticket a new phone link (the citizen lost it): the ticket now carries the new link's
     * digest, and the old link no longer opens it.
     */
    record TrackLinkReplaced(long seq, long atMillis, Ticket ticket) implements Event {
    }

    /** Staff signed in and opened the window. */
    record WindowOpened(long seq, long atMillis, String window, Staff staff) implements Event {
    }

    /** The window stops calling; its current ticket, if any, stays with it. */
    record WindowPaused(long seq, long atMillis, String window) implements Event {
    }

    /** A paused window calls again. */
    record WindowResumed(long seq, long atMillis, String window) implements Event {
    }

    /** The window closed and its staff signed out. */
    record WindowClosed(long seq, long atMillis, String window) implements Event {
    }

    /** The day closed: every waiting ticket expired and the no-shows were dropped. */
    record DayClosed(long seq, long atMillis, LocalDate day, int expired) implements Event {
    }

    /** A citizen booked a slot (网上预约); the booking as it now stands. Check-in is a {@link TicketIssued} whose
     * ticket names the booking as its appointment. */
    record AppointmentBooked(long seq, long atMillis, Booking booking) implements Event {
    }

    /** The holder cancelled a booking; the place is released after the hall's releaseAfterMinutes. */
    record AppointmentCancelled(long seq, long atMillis, Booking booking) implements Event {
    }

    /** These bookings were not checked in by the end of their window: each is now a no-show (爽约). */
    record AppointmentsMissed(long seq, long atMillis, List<Long> bookings) implements Event {
        public AppointmentsMissed {
            bookings = List.copyOf(bookings);
        }
    }

    /** A manager lifted a person's no-show block: no-shows dated {@code through} or earlier no longer count. */
    record BookingBlockLifted(long seq, long atMillis, String personKey, LocalDate through, String reason)
            implements Event {
    }
}
