package io.onewindow.core;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * When a hall is open: every day but its closed weekdays and holidays, plus its make-up working days (调休).
 * Immutable. Booking slots follow it, and so do the working-day deadlines of follow-up cases.
 *
 * <p>A make-up day wins over a closed weekday ({@code workdays} lists a Sunday the hall works); a holiday
 * closes a day that would otherwise be open.
 *
 * @param closedDays the weekdays the hall is closed (SAT, SUN)
 * @param holidays   dates it is closed although the weekday is open
 * @param workdays   dates it is open although the weekday is closed
 */
public record HallCalendar(Set<DayOfWeek> closedDays, Set<LocalDate> holidays, Set<LocalDate> workdays) {

    /** Open every day. */
    public static final HallCalendar EVERY_DAY = new HallCalendar(Set.of(), Set.of(), Set.of());

    public HallCalendar {
        closedDays = Set.copyOf(Objects.requireNonNull(closedDays, "closedDays"));
        holidays = Set.copyOf(Objects.requireNonNull(holidays, "holidays"));
        workdays = Set.copyOf(Objects.requireNonNull(workdays, "workdays"));
    }

    /** Whether the hall opens on this local date. */
    public boolean isOpen(LocalDate date) {
        if (workdays.contains(date)) {
            return true;
        }
        return !holidays.contains(date) && !closedDays.contains(date.getDayOfWeek());
    }
}
