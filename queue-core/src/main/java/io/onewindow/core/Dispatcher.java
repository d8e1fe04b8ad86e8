package io.onewindow.core;

import java.time.LocalDate;
import java.util.List;

/**
 * The commands and queries of one hall. Every command returns the {@link Event} it caused, or a
 * {@link Refusal} that changed nothing. Implementations say in their name how they are safe to share:
 * {@link LockFreeDispatcher} (production) and {@link LockedDispatcher} (the reference with one monitor).
 *
 * <p>Both give the same guarantees to callers on any number of threads: each command takes effect atomically
 * at one point between its call and its return, and the events' sequence numbers are that order; a ticket is
 * called by at most one window; every event is published on {@link #events()} with the hall's gap-free sequence.
 */
public interface Dispatcher {

    HallDefinition hall();

    Outcome issue(IssueRequest request);

    /** The window calls the next ticket by the {@link DispatchPolicy}. */
    Outcome callNext(String window);

    /** Calls the window's current ticket again; past the hall's recall limit it becomes a no-show. */
    Outcome recall(String window);

    Outcome start(String window);

    Outcome complete(String window);

    Outcome noShow(String window);

    /** Sends the window's current ticket to wait in another category, keeping its queue time. */
    Outcome transfer(String window, String category);

    /** 过号重排: a no-show waits again, after the hall's reinstateAfter waiting tickets of its line. */
    Outcome reinstate(long ticketId);

    Outcome cancel(long ticketId);

    /** A manager pins a waiting ticket to the top of its category; the reason is required. */
    Outcome pin(long ticketId, String reason);

    Outcome openWindow(String window, Staff staff);

    /** Gives a waiting ticket a new phone link, kept as {@code digest}; the old link stops opening it. */
    Outcome replaceTrackLink(long ticketId, String digest);

    Outcome pauseWindow(String window);

    Outcome resumeWindow(String window);

    Outcome closeWindow(String window);

    /** Every waiting ticket expires and today's no-shows are dropped. */
    Outcome closeDay();

    /**
     * Books a place in a slot (网上预约) by real name: the ID number is checked (BAD_ID_NUMBER), hashed into the
     * person key and dropped. Refusals: BAD_SLOT, BAD_PHONE, BOOKING_BLOCKED, ALREADY_BOOKED,
     * BOOKING_LIMIT_REACHED, SLOT_FULL. A slot is never oversold, whatever the concurrency.
     */
    Outcome book(BookingRequest request);

    /** The holder cancels a booking, until the hall's cancelUntilMinutes before its start. */
    Outcome cancelBooking(long bookingId);

    /** Checks today's booking in: a {@link Event.TicketIssued} with priority APPOINTMENT (NORMAL when late). */
    Outcome checkIn(CheckInRequest request);

    /** Marks NO_SHOW every booking whose check-in window has closed without a check-in. */
    Outcome markMissedAppointments();

    /** A manager lifts a person's no-show block; the reason is required. */
    Outcome liftBookingBlock(String idNumber, String reason);

    /** The appointments as they stand; taking them is cheap and they never change. */
    Bookings bookings();

    /** The slots of a category on a local date, with the places left now. */
    List<Slot> slots(String category, LocalDate date);

    /** The hall as it stands; taking it is cheap and it never changes. */
    HallSnapshot snapshot();

    /** A live ticket, or a recently finished one; null if unknown or long gone. */
    TicketView ticket(long ticketId);

    /** The ring every event is published on, in sequence order. */
    EventRing events();

    /**
     * Applies a journaled event during recovery, before the hall serves: it must be the next in sequence.
     * Not for concurrent use with commands.
     */
    void replay(Event event);

    /**
     * Rebuilds the hall from its durable events after its journal failed: the state starts over and takes each
     * event again, so every decision that was not made durable is dropped; the ring forgets the events past the
     * rebuilt sequence, and the history the tickets issued after it. Not for concurrent use with commands: the
     * caller turns commands away meanwhile. The next command takes the sequence number after the last durable.
     */
    void rebuild(Iterable<Event> durable);

    /**
     * {@link #rebuild(Iterable)} from a checkpoint of the hall (a journal that dropped the events before it):
     * the state starts over at the checkpoint and takes each durable event after it.
     */
    void rebuild(HallCheckpoint from, Iterable<Event> durable);

    /**
     * Starts a new dispatcher (at sequence 0) at a checkpoint of its hall, before recovery replays the events
     * after it. Not for concurrent use with commands.
     *
     * @throws IllegalStateException when the dispatcher is not new, or the checkpoint is of another hall
     */
    void restore(HallCheckpoint from);
}
