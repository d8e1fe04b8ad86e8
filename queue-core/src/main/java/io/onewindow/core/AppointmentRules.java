package io.onewindow.core;

import java.util.Map;
import java.util.Objects;

/**
 * A hall's rules for appointments (网上预约), the optional {@code "appointments"} of its definition. Immutable.
 *
 * <p>Slots run from the hall's opening time in steps of {@code slotMinutes}; the last ends at or before its
 * closing time. A category takes appointments only when {@code perSlot} names it: that is the online quota of
 * each of its slots (walk-in tickets are not counted against it).
 *
 * @param slotMinutes         length of a slot
 * @param daysAhead           a slot may be booked from this many days before its date (today counts as 0)
 * @param bookUntilMinutes    booking closes this long before the slot starts
 * @param perSlot             places per slot, by category code
 * @param checkInEarlyMinutes check-in opens this long before the start
 * @param checkInLateMinutes  an APPOINTMENT ticket is given until this long after the start; later, until the
 *                            slot's end, a late arrival gets a NORMAL ticket and is recorded late
 * @param cancelUntilMinutes  the holder may cancel until this long before the start
 * @param releaseAfterMinutes a cancelled place is booked again only this long after the cancellation (against
 *                            trading places: a cancel-and-rebook between two people cannot be timed)
 * @param perPersonPerWeek    bookings (not cancelled) per person whose dates fall in one ISO week
 * @param perPersonPerMonth   the same per calendar month
 * @param noShowLimit         this many no-shows within {@code noShowWindowDays} ...
 * @param noShowWindowDays    ... block online booking ...
 * @param blockDays           ... for this many days after the last of them (爽约)
 */
public record AppointmentRules(int slotMinutes, int daysAhead, int bookUntilMinutes, Map<String, Integer> perSlot,
                               int checkInEarlyMinutes, int checkInLateMinutes, int cancelUntilMinutes,
                               int releaseAfterMinutes, int perPersonPerWeek, int perPersonPerMonth,
                               int noShowLimit, int noShowWindowDays, int blockDays) {

    public AppointmentRules {
        perSlot = Map.copyOf(Objects.requireNonNull(perSlot, "perSlot"));
        if (slotMinutes < 5 || daysAhead < 0 || bookUntilMinutes < 0 || checkInEarlyMinutes < 0
                || checkInLateMinutes < 0 || cancelUntilMinutes < 0 || releaseAfterMinutes < 0
                || perPersonPerWeek < 1 || perPersonPerMonth < 1 || noShowLimit < 1 || noShowWindowDays < 1
                || blockDays < 0) {
            throw new IllegalArgumentException("appointment rules out of range: " + this);
        }
        for (var e : perSlot.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("perSlot." + e.getKey() + " must be >= 0");
            }
        }
    }

    /** API.md's defaults with the given quotas. */
    public static AppointmentRules defaults(Map<String, Integer> perSlot) {
        return new AppointmentRules(30, 5, 60, perSlot, 30, 15, 120, 30, 2, 6, 2, 30, 30);
    }

    /** Places per slot of a category; 0 when it takes no appointments. */
    public int capacity(String category) {
        return perSlot.getOrDefault(category, 0);
    }

    /** How many days back the bookings must be kept to judge the per-person limits and the no-show block. */
    int retentionDays() {
        return noShowWindowDays + blockDays + 31;
    }
}
