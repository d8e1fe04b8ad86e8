package io.onewindow.core;

/** Where a booking stands. Immutable. */
public enum BookingState {
    /** Booked, not yet checked in. */
    BOOKED,
    /** Checked in: a ticket was issued for it (APPOINTMENT, or NORMAL when late). */
    CHECKED_IN,
    /** Cancelled by its holder; the place returns after the hall's releaseAfterMinutes. */
    CANCELLED,
    /** Not checked in by the end of its check-in window (爽约). */
    NO_SHOW
}
