package io.onewindow.core;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions about appointments, against a {@link HallState} and an effective time, like the state's own
 * decisions: an event, or a refusal decided before anything changed. Immutable (static), pure.
 *
 * <p>A booking takes its place in the same single step as every other command (one CAS on the hall's state in
 * {@link LockFreeDispatcher}), so the count of a slot's places is read and raised atomically: a slot is never
 * oversold, and the sequence number of each booking is the order in which the places were taken.
 */
final class AppointmentDesk {

    private static final long MINUTE = 60_000L;

    private AppointmentDesk() {
    }

    static Outcome decideBook(HallState s, int c, LocalDateTime start, String personKey, String phone,
                              String secretHash, long at) {
        AppointmentRules rules = s.layout().definition.appointments();
        String category = s.layout().categories[c].code();
        if (rules == null || rules.capacity(category) == 0) {
            return Refusal.of(Refusal.Code.BAD_SLOT, "category " + category + " takes no appointments");
        }
        if (phone == null || !phone.matches("1[3-9][0-9]{9}")) {
            return Refusal.of(Refusal.Code.BAD_PHONE, "phone must be an 11-digit mobile number");
        }
        LocalDate today = s.layout().localDate(at);
        LocalDate date = start.toLocalDate();
        if (date.isBefore(today) || date.isAfter(today.plusDays(rules.daysAhead()))) {
            return Refusal.of(Refusal.Code.BAD_SLOT, "slots can be booked from today up to " + rules.daysAhead()
                    + " days ahead; " + date + " is outside that");
        }
        if (!isSlotStart(s.layout().definition, rules, date, start.toLocalTime())) {
            return Refusal.of(Refusal.Code.BAD_SLOT, "no slot of category " + category + " starts at " + start);
        }
        long startMillis = millis(s, start);
        if (at > startMillis - rules.bookUntilMinutes() * MINUTE) {
            return Refusal.of(Refusal.Code.BAD_SLOT, "booking of the slot at " + start + " closed "
                    + rules.bookUntilMinutes() + " minutes before its start");
        }
        Bookings book = s.bookings();
        LocalDate blockedUntil = book.blockedUntil(personKey, today, rules);
        if (blockedUntil != null) {
            return Refusal.of(Refusal.Code.BOOKING_BLOCKED, "too many missed appointments: online booking is closed"
                    + " to this person until " + blockedUntil);
        }
        if (book.activeOf(personKey, date) != null) {
            return Refusal.of(Refusal.Code.ALREADY_BOOKED, "this person already holds a booking on " + date);
        }
        LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        if (book.countOf(personKey, monday, monday.plusDays(6)) >= rules.perPersonPerWeek()) {
            return Refusal.of(Refusal.Code.BOOKING_LIMIT_REACHED, "at most " + rules.perPersonPerWeek()
                    + " bookings per person and week");
        }
        LocalDate first = date.withDayOfMonth(1);
        if (book.countOf(personKey, first, first.plusMonths(1).minusDays(1)) >= rules.perPersonPerMonth()) {
            return Refusal.of(Refusal.Code.BOOKING_LIMIT_REACHED, "at most " + rules.perPersonPerMonth()
                    + " bookings per person and month");
        }
        if (book.taken(date, category, startMillis, at, rules) >= rules.capacity(category)) {
            return Refusal.of(Refusal.Code.SLOT_FULL, "every place of the slot at " + start + " is taken");
        }
        int count = book.countOn(date) + 1;
        if (count >= Booking.IDS_PER_DAY) {
            return Refusal.of(Refusal.Code.SLOT_FULL, "the hall takes no more bookings for " + date);
        }
        long id = Booking.idOf(date, count);
        Booking b = new Booking(id, code(book, date, personKey, id), category, date, startMillis,
                startMillis + rules.slotMinutes() * MINUTE, personKey, phone, secretHash, at, BookingState.BOOKED,
                at, 0, false);
        return new Event.AppointmentBooked(s.seq() + 1, at, b);
    }

    static Outcome decideCancel(HallState s, long bookingId, long at) {
        AppointmentRules rules = s.layout().definition.appointments();
        Booking b = s.bookings().byId(bookingId);
        if (b == null || rules == null) {
            return Refusal.of(Refusal.Code.UNKNOWN_APPOINTMENT, "no booking with id " + bookingId);
        }
        if (b.state() != BookingState.BOOKED) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "the booking is " + b.state() + ", not BOOKED");
        }
        if (at > b.startMillis() - rules.cancelUntilMinutes() * MINUTE) {
            return Refusal.of(Refusal.Code.TOO_LATE, "a booking can be cancelled until " + rules.cancelUntilMinutes()
                    + " minutes before its start");
        }
        return new Event.AppointmentCancelled(s.seq() + 1, at, b.inState(BookingState.CANCELLED, at, 0, false));
    }

    /**
     * Check-in of today's booking, by code or by person: a {@link Event.TicketIssued} whose ticket names the
     * booking. In the APPOINTMENT window the ticket has priority APPOINTMENT and its queue time is the slot's
     * start (an early arrival does not overtake the line before its slot: {@link DispatchPolicy}); after it,
     * until the slot's end, a late arrival gets a NORMAL ticket and the booking is recorded late.
     */
    static Outcome decideCheckIn(HallState s, String code, String personKey, Channel channel, String trackToken,
                                 long at) {
        AppointmentRules rules = s.layout().definition.appointments();
        if (rules == null) {
            return Refusal.of(Refusal.Code.NOT_BOOKED, "the hall takes no appointments");
        }
        LocalDate today = s.layout().localDate(at);
        Booking b = null;
        if (code != null) {
            b = s.bookings().byCode(today, code);
        } else {
            for (Booking x : s.bookings().on(today)) {
                if (x.personKey().equals(personKey) && x.state() != BookingState.CANCELLED
                        && (b == null || x.state() == BookingState.BOOKED)) {
                    b = x;
                }
            }
        }
        if (b == null || b.state() == BookingState.CANCELLED) {
            return Refusal.of(Refusal.Code.NOT_BOOKED, "no booking today for this " + (code != null ? "code" : "person"));
        }
        if (b.state() == BookingState.CHECKED_IN) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "the booking is already checked in");
        }
        if (b.state() == BookingState.NO_SHOW) {
            return Refusal.of(Refusal.Code.TOO_LATE, "the booking's check-in has closed: it was missed");
        }
        long from = b.startMillis() - rules.checkInEarlyMinutes() * MINUTE;
        if (at < from) {
            return Refusal.of(Refusal.Code.TOO_EARLY, "check-in opens at " + s.layout().localTime(from));
        }
        boolean late = at > b.startMillis() + rules.checkInLateMinutes() * MINUTE;
        if (late && at >= Bookings.lateUntilMillis(b, rules)) {
            return Refusal.of(Refusal.Code.TOO_LATE, "the booking's check-in closed at "
                    + s.layout().localTime(Bookings.lateUntilMillis(b, rules)));
        }
        int c = s.layout().definition.categoryIndex(b.category());
        Outcome o = s.decideIssue(c, late ? Priority.NORMAL : Priority.APPOINTMENT, channel, b.personKey(),
                Long.toString(b.id()), trackToken, at);
        if (!(o instanceof Event.TicketIssued issued) || late) {
            return o;
        }
        Ticket t = issued.ticket();
        return new Event.TicketIssued(issued.seq(), at, t.queuedAt(Math.max(at, b.startMillis()), t.order()));
    }

    static Outcome decideMarkMissed(HallState s, long at) {
        AppointmentRules rules = s.layout().definition.appointments();
        if (rules == null) {
            return Refusal.of(Refusal.Code.NOT_BOOKED, "the hall takes no appointments");
        }
        List<Booking> missed = s.bookings().missed(s.layout().localDate(at), at, rules);
        if (missed.isEmpty()) {
            return Refusal.of(Refusal.Code.NOT_BOOKED, "no booking missed its check-in");
        }
        List<Long> ids = new ArrayList<>(missed.size());
        for (Booking b : missed) {
            ids.add(b.id());
        }
        return new Event.AppointmentsMissed(s.seq() + 1, at, ids);
    }

    static Outcome decideLift(HallState s, String personKey, String reason, long at) {
        AppointmentRules rules = s.layout().definition.appointments();
        if (reason == null || reason.isBlank()) {
            return Refusal.of(Refusal.Code.BAD_REQUEST, "lifting a booking block needs a reason");
        }
        LocalDate today = s.layout().localDate(at);
        if (rules == null || s.bookings().blockedUntil(personKey, today, rules) == null) {
            return Refusal.of(Refusal.Code.WRONG_STATE, "this person is not blocked from booking");
        }
        return new Event.BookingBlockLifted(s.seq() + 1, at, personKey, today, reason.strip());
    }

    /** The bookings after an appointment event, or after a check-in's ticket. */
    static Bookings apply(HallState s, Event e) {
        Bookings book = s.bookings();
        if (e instanceof Event.TicketIssued i) {
            Booking b = book.checkedInBy(i.ticket());
            return b == null ? book : book.withChanged(b.inState(BookingState.CHECKED_IN, e.atMillis(),
                    i.ticket().id(), i.ticket().priority() != Priority.APPOINTMENT));
        } else if (e instanceof Event.AppointmentBooked a) {
            AppointmentRules rules = s.layout().definition.appointments();
            int keep = rules == null ? 400 : rules.retentionDays();
            return book.withBooked(a.booking(), s.layout().localDate(e.atMillis()).minusDays(keep));
        } else if (e instanceof Event.AppointmentCancelled c) {
            return book.withChanged(c.booking());
        } else if (e instanceof Event.AppointmentsMissed m) {
            for (long id : m.bookings()) {
                Booking b = book.byId(id);
                book = book.withChanged(b.inState(BookingState.NO_SHOW, e.atMillis(), 0, false));
            }
            return book;
        } else if (e instanceof Event.BookingBlockLifted l) {
            return book.withLift(l.personKey(), l.through());
        }
        return book;
    }

    /** The slots of a category on a date as they stand at {@code at}; empty when the hall is closed that day. */
    static List<Slot> slots(HallState s, String category, LocalDate date, long at) {
        HallDefinition hall = s.layout().definition;
        AppointmentRules rules = hall.appointments();
        List<Slot> out = new ArrayList<>();
        if (rules == null || rules.capacity(category) == 0 || !hall.calendar().isOpen(date)) {
            return out;
        }
        LocalDate today = s.layout().localDate(at);
        boolean inRange = !date.isBefore(today) && !date.isAfter(today.plusDays(rules.daysAhead()));
        int capacity = rules.capacity(category);
        for (LocalTime t = hall.open(); !t.plusMinutes(rules.slotMinutes()).isAfter(hall.close())
                && !t.plusMinutes(rules.slotMinutes()).isBefore(t); t = t.plusMinutes(rules.slotMinutes())) {
            ZonedDateTime start = date.atTime(t).atZone(hall.zone());
            long startMillis = start.toInstant().toEpochMilli();
            boolean bookable = inRange && at <= startMillis - rules.bookUntilMinutes() * MINUTE;
            int left = Math.max(0, capacity - s.bookings().taken(date, category, startMillis, at, rules));
            out.add(new Slot(start, start.plusMinutes(rules.slotMinutes()), capacity, bookable ? left : 0, bookable));
        }
        return out;
    }

    private static boolean isSlotStart(HallDefinition hall, AppointmentRules rules, LocalDate date, LocalTime t) {
        if (!hall.calendar().isOpen(date) || t.isBefore(hall.open()) || t.getSecond() != 0 || t.getNano() != 0) {
            return false;
        }
        long minutes = Duration.between(hall.open(), t).toMinutes();
        return minutes % rules.slotMinutes() == 0 && !t.plusMinutes(rules.slotMinutes()).isAfter(hall.close())
                && !t.plusMinutes(rules.slotMinutes()).isBefore(t);
    }

    private static long millis(HallState s, LocalDateTime local) {
        return local.atZone(s.layout().zone).toInstant().toEpochMilli();
    }

    /**
     * A 6-digit check-in code, unique among the date's bookings: derived from the person key (a keyed hash, so
     * not guessable without the server's salt) and the id, then the next free one.
     */
    private static String code(Bookings book, LocalDate date, String personKey, long id) {
        long h = personKey.hashCode() * 0x9E3779B97F4A7C15L + id;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        int n = (int) Math.floorMod(h, 1_000_000L);
        for (;;) {
            String code = String.format("%06d", n);
            if (book.byCode(date, code) == null) {
                return code;
            }
            n = (n + 1) % 1_000_000;
        }
    }
}
