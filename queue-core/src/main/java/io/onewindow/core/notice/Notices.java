package io.onewindow.core.notice;

import io.onewindow.core.AppointmentRules;
import io.onewindow.core.Booking;
import io.onewindow.core.BookingState;
import io.onewindow.core.Bookings;
import io.onewindow.core.Category;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.Ticket;
import io.onewindow.core.TicketState;
import io.onewindow.core.WindowDefinition;
import io.onewindow.core.WindowView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Which notices a hall sends, and their words. Immutable (static), pure: the same event or the same bookings at
 * the same time give the same notices with the same ids, so looking again never sends twice.
 *
 * <ul>
 *   <li>{@code AppointmentBooked}: the check-in code, the slot and when to check in;</li>
 *   <li>a booked slot 24 hours and 2 hours ahead: a reminder (the day-before one only while more than two
 *       hours remain, each only for a booking made before it was due);</li>
 *   <li>{@code TicketCalled} of a ticket that carries a phone (checked in from a booking): 请 A023 号到 5号窗口办理;</li>
 *   <li>after a restart, those of the first and the last kind that are {@link #stillDue still due}.</li>
 * </ul>
 * No text holds an ID number, a person key or a name.
 */
public final class Notices {

    private static final long HOUR = 3_600_000L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private Notices() {
    }

    /** The notices an event calls for, once it is durable; empty for most events. */
    public static List<Notice> of(Event e, HallDefinition hall, Bookings bookings) {
        List<Notice> out = new ArrayList<>(1);
        if (e instanceof Event.AppointmentBooked a) {
            out.add(code(hall, a.booking()));
        } else if (e instanceof Event.TicketCalled c) {
            Booking b = bookingOf(c.ticket(), bookings);
            if (b != null) {
                out.add(called(hall, c.ticket(), c.window(), b));
            }
        }
        return out;
    }

    /**
     * The notices that events already durable called for and that are still useful at {@code nowMillis}, read
     * from the hall as it stands (after recovery): what a restart sends again in case a crash came between an
     * event becoming durable and its notice being written; the {@link Notifier} drops the ids it sent before.
     *
     * <ul>
     *   <li>the code of every booking still {@code BOOKED} whose slot has not ended (its code still checks in):
     *       none for a booking cancelled, checked in, missed, or whose slot is over;</li>
     *   <li>the call of every ticket checked in from a booking that a window holds as {@code CALLED} since the
     *       hall's local midnight: none for a ticket whose service started or ended, that went back to wait, was
     *       expired or is held by no window.</li>
     * </ul>
     * Reminders are not in it: {@link #reminders} are looked for again anyway.
     */
    public static List<Notice> stillDue(HallDefinition hall, HallSnapshot snapshot, Bookings bookings,
                                        long nowMillis) {
        List<Notice> out = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis), hall.zone());
        for (Booking b : bookings.from(today)) {
            if (b.state() == BookingState.BOOKED && nowMillis < b.endMillis()) {
                out.add(code(hall, b));
            }
        }
        for (WindowView w : snapshot.windows()) {
            if (w.ticket() == null || w.ticketState() != TicketState.CALLED
                    || LocalDate.ofInstant(Instant.ofEpochMilli(w.calledAtMillis()), hall.zone()).isBefore(today)) {
                continue;
            }
            Booking b = bookingOf(w.ticket(), bookings);
            if (b != null) {
                out.add(called(hall, w.ticket(), w.definition().id(), b));
            }
        }
        return out;
    }

    private static Notice code(HallDefinition hall, Booking b) {
        AppointmentRules rules = hall.appointments();
        long early = rules == null ? 0 : rules.checkInEarlyMinutes() * 60_000L;
        long late = rules == null ? 0 : rules.checkInLateMinutes() * 60_000L;
        return new Notice(id(hall, b, "code"), hall.id(), Notice.Kind.BOOKED, b.phone(),
                "【" + hall.name() + "】预约成功：" + matter(hall, b) + " " + day(hall, b.startMillis()) + " "
                        + time(hall, b.startMillis()) + "-" + time(hall, b.endMillis()) + "，签到码 " + b.code()
                        + "。请于 " + time(hall, b.startMillis() - early) + "-"
                        + time(hall, b.startMillis() + late) + " 在取号机输入签到码取号。");
    }

    private static Notice called(HallDefinition hall, Ticket t, String window, Booking b) {
        WindowDefinition w = hall.window(window);
        return new Notice(hall.id() + "/t" + t.id() + "/called", hall.id(), Notice.Kind.CALLED, b.phone(),
                "【" + hall.name() + "】请 " + t.number() + " 号到 " + (w == null ? window : w.name()) + "办理");
    }

    /** The reminders due at {@code nowMillis} for the bookings of today and tomorrow (hall's dates). */
    public static List<Notice> reminders(HallDefinition hall, Bookings bookings, long nowMillis) {
        List<Notice> out = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis), hall.zone());
        for (LocalDate d : List.of(today, today.plusDays(1))) {
            for (Booking b : bookings.on(d)) {
                if (b.state() != BookingState.BOOKED || nowMillis >= b.startMillis()) {
                    continue;
                }
                long twoHours = b.startMillis() - 2 * HOUR;
                long dayBefore = b.startMillis() - 24 * HOUR;
                if (nowMillis >= twoHours && b.bookedAtMillis() < twoHours) {
                    out.add(reminder(hall, b, "2h", Notice.Kind.REMINDER_TWO_HOURS, "今天"));
                } else if (nowMillis >= dayBefore && nowMillis < twoHours && b.bookedAtMillis() < dayBefore) {
                    out.add(reminder(hall, b, "day", Notice.Kind.REMINDER_DAY_BEFORE, "明天"));
                }
            }
        }
        return out;
    }

    private static Notice reminder(HallDefinition hall, Booking b, String suffix, Notice.Kind kind, String when) {
        return new Notice(id(hall, b, suffix), hall.id(), kind, b.phone(), "【" + hall.name() + "】提醒：您预约的"
                + matter(hall, b) + "在" + when + " " + time(hall, b.startMillis()) + " 开始，签到码 " + b.code()
                + "。如不能前来，请在预约链接中取消。");
    }

    /** The booking a ticket was checked in with, or null. */
    private static Booking bookingOf(Ticket t, Bookings bookings) {
        String ap = t.appointmentId();
        if (ap == null || ap.isEmpty() || ap.length() > 18 || !ap.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return bookings.byId(Long.parseLong(ap));
    }

    private static String id(HallDefinition hall, Booking b, String what) {
        return hall.id() + "/b" + b.id() + "/" + what;
    }

    private static String matter(HallDefinition hall, Booking b) {
        Category c = hall.category(b.category());
        return c == null ? b.category() : c.name();
    }

    private static String day(HallDefinition hall, long millis) {
        return DAY.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), hall.zone()));
    }

    private static String time(HallDefinition hall, long millis) {
        return TIME.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), hall.zone()));
    }
}
