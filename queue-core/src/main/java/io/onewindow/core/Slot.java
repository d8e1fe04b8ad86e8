package io.onewindow.core;

import java.time.ZonedDateTime;

/**
 * A booking slot of a category as it stands at one moment. Immutable.
 *
 * @param start    its start in the hall's zone
 * @param end      its end
 * @param capacity the online quota
 * @param left     places that can be booked now: capacity minus active bookings, no-shows and places cancelled
 *                 less than releaseAfterMinutes ago; 0 once the slot is no longer bookable
 * @param bookable whether booking is open for it now (within daysAhead, before bookUntilMinutes)
 */
public record Slot(ZonedDateTime start, ZonedDateTime end, int capacity, int left, boolean bookable) {
}
