package io.onewindow.core;

/**
 * A command the hall refused: decided before anything changed, so nothing did. Immutable.
 *
 * @param code    what went wrong, stable for clients
 * @param message a sentence for people, naming what was refused
 */
public record Refusal(Code code, String message) implements Outcome {

    /** Refusal codes; each maps to one HTTP status in the servers. */
    public enum Code {
        /** callNext found nobody waiting that the window serves. */
        NOBODY_WAITING,
        UNKNOWN_CATEGORY,
        UNKNOWN_WINDOW,
        UNKNOWN_TICKET,
        /** The window already holds a ticket (called or in service). */
        WINDOW_BUSY,
        /** The window is paused or closed. */
        WINDOW_NOT_OPEN,
        /** The window holds no ticket to recall, start, complete, mark or transfer. */
        NO_CURRENT_TICKET,
        /** The ticket or the window is not in a state that allows this. */
        WRONG_STATE,
        /** The category's tickets for today are all issued. */
        DAILY_CAP_REACHED,
        /** The category issues no tickets at this hour. */
        OUTSIDE_ISSUE_HOURS,
        /** The same person already waits in this category (one waiting ticket per person and category). */
        DUPLICATE_TICKET,
        /** The ID number is not a valid resident ID number. */
        BAD_ID_NUMBER,
        /** A transfer to the category the ticket already waits for. */
        SAME_CATEGORY,
        /** A value outside what the command accepts. */
        BAD_REQUEST,
        /** No bookable slot of that category starts then (closed day, not a slot's start, too far or too late). */
        BAD_SLOT,
        /** The phone is not an 11-digit mainland mobile number. */
        BAD_PHONE,
        /** Every place of the slot is taken. */
        SLOT_FULL,
        /** The person already holds a booking at this hall on that day. */
        ALREADY_BOOKED,
        /** The person's bookings of that week or month reached the hall's limit. */
        BOOKING_LIMIT_REACHED,
        /** Too many no-shows: online booking is closed to the person until a date the message names. */
        BOOKING_BLOCKED,
        /** No booking with that id. */
        UNKNOWN_APPOINTMENT,
        /** No booking today for that code or person that could be checked in. */
        NOT_BOOKED,
        /** Check-in has not opened yet for the booking. */
        TOO_EARLY,
        /** Check-in (or cancellation) has closed for the booking. */
        TOO_LATE
    }

    private static final Refusal NOBODY = new Refusal(Code.NOBODY_WAITING, "nobody is waiting for this window");

    public static Refusal nobodyWaiting() {
        return NOBODY;
    }

    public static Refusal of(Code code, String message) {
        return new Refusal(code, message);
    }
}
