package io.onewindow.core.notice;

import java.util.Objects;

/**
 * A message a hall sends to a citizen's phone (SMS). Immutable.
 *
 * <p>Its {@code id} names what it is about ({@code demo/b2026112400003/code}: the booking's code), so the same
 * notice made twice (a reminder looked for on every sweep, a retry) has the same id, and a {@link Notifier}
 * sends each id at most once. It never carries an ID number: the text is made from the booking's code, times,
 * matter and the ticket's number only.
 *
 * @param id    stable, unique per message
 * @param hall  the hall's id
 * @param kind  what it is: {@link Kind}
 * @param phone the mobile number it goes to
 * @param text  the message, in Chinese
 */
public record Notice(String id, String hall, Kind kind, String phone, String text) {

    /** What a notice says. */
    public enum Kind {
        /** The booking's check-in code, at once. */
        BOOKED,
        /** The day before the slot. */
        REMINDER_DAY_BEFORE,
        /** Two hours before the slot. */
        REMINDER_TWO_HOURS,
        /** The ticket is called: 请 A023 号到 5号窗口办理. */
        CALLED
    }

    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hall, "hall");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "Notice[" + id + "]"; // neither phone nor text: logs name the notice, not the person
    }
}
