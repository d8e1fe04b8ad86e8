package io.onewindow.core;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One appointment (预约): a place in a slot of a category, held by one person. Immutable.
 *
 * <p>It never holds an ID number: {@code personKey} is the salted hash of it, as on tickets. The phone number is
 * kept for the hall's messages and shown masked ({@link #maskedPhone()}). The holder's link is
 * {@code /a/{id}-{secret}}; only the SHA-256 of the secret is kept ({@code secretHash}).
 *
 * @param id              unique in the hall: the slot's date as yyyyMMdd times 100,000 plus the day's count
 * @param code            the check-in code (6 digits), unique among the bookings of its date
 * @param category        the category's code
 * @param date            the hall's local date of the slot
 * @param startMillis     the slot's start
 * @param endMillis       the slot's end
 * @param bookedAtMillis  when it was booked
 * @param state           where it stands
 * @param changedAtMillis when it reached that state
 * @param ticketId        the ticket it was checked in with, or 0
 * @param late            checked in after the APPOINTMENT window: given a NORMAL ticket
 */
public record Booking(long id, String code, String category, LocalDate date, long startMillis, long endMillis,
                      String personKey, String phone, String secretHash, long bookedAtMillis, BookingState state,
                      long changedAtMillis, long ticketId, boolean late) {

    static final long IDS_PER_DAY = 100_000L;

    public Booking {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(personKey, "personKey");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(state, "state");
    }

    /** The date a booking id belongs to, or null when the id cannot be one. */
    public static LocalDate dateOf(long id) {
        long ymd = id / IDS_PER_DAY;
        int year = (int) (ymd / 10_000);
        int month = (int) (ymd / 100 % 100);
        int day = (int) (ymd % 100);
        if (id <= 0 || year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The id of the {@code countOfDay}-th booking made for a date (from 1). */
    public static long idOf(LocalDate date, int countOfDay) {
        return (date.getYear() * 10_000L + date.getMonthValue() * 100L + date.getDayOfMonth()) * IDS_PER_DAY
                + countOfDay;
    }

    /** 138****5678. */
    public String maskedPhone() {
        return phone.length() < 7 ? "****" : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    /** Whether it holds its place: booked or checked in (a no-show held it too, but is over). */
    public boolean active() {
        return state == BookingState.BOOKED || state == BookingState.CHECKED_IN;
    }

    Booking inState(BookingState s, long atMillis, long ticket, boolean isLate) {
        return new Booking(id, code, category, date, startMillis, endMillis, personKey, phone, secretHash,
                bookedAtMillis, s, atMillis, ticket, isLate);
    }

    @Override
    public String toString() {
        return "Booking[id=" + id + ", category=" + category + ", date=" + date + ", state=" + state + "]";
    }
}
