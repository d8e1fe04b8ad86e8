package io.onewindow.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    /** 国庆 2027: Oct 1..7 off, Saturday Oct 9 a make-up working day (调休). */
    static WorkingCalendar nationalDay2027() {
        Set<LocalDate> holidays = new HashSet<>();
        for (int d = 1; d <= 7; d++) {
            holidays.add(LocalDate.of(2027, 10, d));
        }
        return new WorkingCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), holidays,
                Set.of(LocalDate.of(2027, 10, 9)));
    }

    @Test
    void shouldSkipWeekends() {
        LocalDate friday = LocalDate.of(2027, 3, 5);

        assertThat(WorkingCalendar.WEEKDAYS.addWorkingDays(friday, 1)).isEqualTo(LocalDate.of(2027, 3, 8));
        assertThat(WorkingCalendar.WEEKDAYS.addWorkingDays(friday, 15)).isEqualTo(LocalDate.of(2027, 3, 26));
    }

    @Test
    void shouldSkipTheHolidaysAndCountTheMakeUpDay() {
        WorkingCalendar cal = nationalDay2027();

        assertThat(cal.isWorkingDay(LocalDate.of(2027, 10, 4))).isFalse(); // a Monday in the holiday
        assertThat(cal.isWorkingDay(LocalDate.of(2027, 10, 9))).isTrue(); // a Saturday worked
        assertThat(cal.addWorkingDays(LocalDate.of(2027, 9, 30), 1)).isEqualTo(LocalDate.of(2027, 10, 8));
        assertThat(cal.addWorkingDays(LocalDate.of(2027, 10, 8), 1)).isEqualTo(LocalDate.of(2027, 10, 9));
        assertThat(cal.addWorkingDays(LocalDate.of(2027, 10, 8), 2)).isEqualTo(LocalDate.of(2027, 10, 11));
    }
}
