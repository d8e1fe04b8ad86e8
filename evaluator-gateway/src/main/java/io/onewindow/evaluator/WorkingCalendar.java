package io.onewindow.evaluator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which days count as working days for the deadlines of follow-up cases. Immutable.
 *
 * <p>Weekends ({@code closedDays}, by default Saturday and Sunday) and the {@code holidays} are skipped; the
 * make-up working days (调休, {@code workdays}) count even when they fall on a closed weekday. A deadline of N
 * working days from a moment ends at the close of the N-th working day after that moment's date:
 * <pre>
 *  opened Thu 2027-09-30, 1 working day; Oct 1..7 holidays, Sat Oct 9 a make-up day:  due Fri Oct 8
 *  opened Fri 2027-10-08, 1 working day:                                               due Sat Oct 9
 * </pre>
 */
public record WorkingCalendar(Set<DayOfWeek> closedDays, Set<LocalDate> holidays, Set<LocalDate> workdays) {

    /** Saturday and Sunday off, no holidays. */
    public static final WorkingCalendar WEEKDAYS =
            new WorkingCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Set.of(), Set.of());

    public WorkingCalendar {
        closedDays = Set.copyOf(Objects.requireNonNull(closedDays, "closedDays"));
        holidays = Set.copyOf(Objects.requireNonNull(holidays, "holidays"));
        workdays = Set.copyOf(Objects.requireNonNull(workdays, "workdays"));
    }

    public boolean isWorkingDay(LocalDate d) {
        if (workdays.contains(d)) {
            return true;
        }
        return !holidays.contains(d) && !closedDays.contains(d.getDayOfWeek());
    }

    /** The {@code n}-th working day after {@code from} (n >= 1); {@code from} itself never counts. */
    public LocalDate addWorkingDays(LocalDate from, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        LocalDate d = from;
        int left = n;
        int guard = 0;
        while (left > 0) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
            if (++guard > 3660) {
                throw new IllegalStateException("no working day within ten years of " + from);
            }
        }
        return d;
    }
}
