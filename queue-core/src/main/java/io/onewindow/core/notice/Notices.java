package io.onewindow.core.notice;

import io.onewindow.core.AppointmentRules;
import io.onewindow.core.Booking;
import io.onewindow.core.BookingState;
import io.onewindow.core.Bookings;
import io.onewindow.core.Category;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Ticket;
import io.onewindow.core.WindowDefinition;
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
 *   <li>{@code TicketCalled} of a ticket that carries a phone (checked in from a booking): 请 A023 号到 5号窗口办理.</li>
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
            Booking b = a.booking();
            AppointmentRules rules = hall.appointments();
            long early = rules == null ? 0 : rules.checkInEarlyMinutes() * 60_000L;
            long late = rules == null ? 0 : rules.checkInLateMinutes() * 60_000L;
            out.add(new Notice(id(hall, b, "code"), hall.id(), Notice.Kind.BOOKED, b.phone(),
                    "【" + hall.name() + "】预约成功：" + matter(hall, b) + " " + day(hall, b.startMillis()) + " "
                            + time(hall, b.startMillis()) + "-" + time(hall, b.endMillis()) + "，签到码 " + b.code()
                            + "。请于 " + time(hall, b.startMillis() - early) + "-"
                            + time(hall, b.startMillis() + late) + " 在取号机输入签到码取号。"));
        } else if (e instanceof Event.TicketCalled c) {
            Booking b = bookingOf(c.ticket(), bookings);
            if (b != null) {
                WindowDefinition w = hall.window(c.window());
                out.add(new Notice(hall.id() + "/t" + c.ticket().id() + "/called", hall.id(), Notice.Kind.CALLED,
                        b.phone(), "【" + hall.name() + "】请 " + c.ticket().number() + " 号到 "
                        + (w == null ? c.window() : w.name()) + "办理"));
            }
        }
        return out;
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
