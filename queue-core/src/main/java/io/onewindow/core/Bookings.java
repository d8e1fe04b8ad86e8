package io.onewindow.core;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The appointments of a hall at one sequence number: every booking by its slot's date, and the lifted no-show
 * blocks. Immutable; {@link HallState} holds it in one field, so a command that is not about appointments
 * carries it over untouched, and a booking event replaces it whole.
 *
 * <p><b>Structure.</b> A sorted map from date to that day's bookings (in id order), copied on write: a change
 * copies the map of days (a few dozen entries) and the one day it touches (the day's bookings, a few hundred at
 * most); the other days are shared with the predecessor. Days older than the rules' retention (what the
 * per-person limits and the no-show block look back on) are dropped when a booking is added. Bookings are
 * never removed from their day: a cancelled one stays, with its state, so the day's count gives the next id.
 *
 * <p>Queries scan one day or the days of a week, a month, a no-show window: the bookings of a day are few.
 */
public final class Bookings {

    static final Bookings EMPTY = new Bookings(Collections.emptyNavigableMap(), Map.of());

    /** Never mutated once built. */
    private final NavigableMap<LocalDate, List<Booking>> days;
    /** Per person key: no-shows of this date or earlier no longer count towards a block. */
    private final Map<String, LocalDate> lifts;

    private Bookings(NavigableMap<LocalDate, List<Booking>> days, Map<String, LocalDate> lifts) {
        this.days = days;
        this.lifts = lifts;
    }

    /** Bookings from their days (each in id order, unmodifiable) and lifts: a {@link HallCheckpoint} read back. */
    static Bookings of(NavigableMap<LocalDate, List<Booking>> days, Map<String, LocalDate> lifts) {
        return days.isEmpty() && lifts.isEmpty() ? EMPTY : new Bookings(days, Map.copyOf(lifts));
    }

    /** Every booking kept, by date, in id order within a date. */
    public List<Booking> all() {
        List<Booking> out = new ArrayList<>();
        for (List<Booking> day : days.values()) {
            out.addAll(day);
        }
        return out;
    }

    /** The lifted no-show blocks: per person key, the date up to which no-shows are forgiven. */
    Map<String, LocalDate> lifts() {
        return lifts;
    }

    // ---------------------------------------------------------------- queries

    /** The bookings of a date, in id order (the order they were made). */
    public List<Booking> on(LocalDate date) {
        return days.getOrDefault(date, List.of());
    }

    /** The bookings of {@code date} and every later date, by date, in id order within a date. */
    public List<Booking> from(LocalDate date) {
        List<Booking> out = new ArrayList<>();
        for (List<Booking> day : days.tailMap(date, true).values()) {
            out.addAll(day);
        }
        return out;
    }

    /** The booking with this id, or null. */
    public Booking byId(long id) {
        LocalDate date = Booking.dateOf(id);
        if (date == null) {
            return null;
        }
        List<Booking> day = on(date);
        int i = (int) (id % Booking.IDS_PER_DAY) - 1;
        return i >= 0 && i < day.size() && day.get(i).id() == id ? day.get(i) : null;
    }

    /** The booking of a date with this check-in code, or null. */
    public Booking byCode(LocalDate date, String code) {
        for (Booking b : on(date)) {
            if (b.code().equals(code)) {
                return b;
            }
        }
        return null;
    }

    /** The person's booking of a date that still holds its place (booked or checked in), or null. */
    public Booking activeOf(String personKey, LocalDate date) {
        for (Booking b : on(date)) {
            if (b.active() && b.personKey().equals(personKey)) {
                return b;
            }
        }
        return null;
    }

    /** Places of a slot taken at {@code nowMillis}: all but the cancelled ones already released. */
    int taken(LocalDate date, String category, long startMillis, long nowMillis, AppointmentRules rules) {
        long release = rules.releaseAfterMinutes() * 60_000L;
        int n = 0;
        for (Booking b : on(date)) {
            if (b.startMillis() == startMillis && b.category().equals(category)
                    && (b.state() != BookingState.CANCELLED || nowMillis < b.changedAtMillis() + release)) {
                n++;
            }
        }
        return n;
    }

    /** The person's bookings dated {@code from} to {@code to} (inclusive) that were not cancelled. */
    int countOf(String personKey, LocalDate from, LocalDate to) {
        int n = 0;
        for (List<Booking> day : days.subMap(from, true, to, true).values()) {
            for (Booking b : day) {
                if (b.state() != BookingState.CANCELLED && b.personKey().equals(personKey)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The first date on which the person may book again, or null when online booking is open to them on
     * {@code today}. Blocked: {@code noShowLimit} no-shows dated within {@code noShowWindowDays} of each other,
     * the last of them less than {@code blockDays} before today, none of them forgiven by a manager's lift.
     */
    public LocalDate blockedUntil(String personKey, LocalDate today, AppointmentRules rules) {
        LocalDate lifted = lifts.get(personKey);
        LocalDate from = today.minusDays((long) rules.noShowWindowDays() + rules.blockDays());
        List<LocalDate> noShows = new ArrayList<>(); // newest first
        for (List<Booking> day : days.subMap(from, true, today, true).descendingMap().values()) {
            for (Booking b : day) {
                if (b.state() == BookingState.NO_SHOW && b.personKey().equals(personKey)
                        && (lifted == null || b.date().isAfter(lifted))) {
                    noShows.add(b.date());
                }
            }
        }
        for (int i = 0; i + rules.noShowLimit() - 1 < noShows.size(); i++) {
            LocalDate last = noShows.get(i);
            LocalDate first = noShows.get(i + rules.noShowLimit() - 1);
            if (first.isAfter(last.minusDays(rules.noShowWindowDays()))) {
                LocalDate until = last.plusDays(rules.blockDays());
                return today.isBefore(until) ? until : null; // the newest block; older ones end sooner
            }
        }
        return null;
    }

    /** Booked places not checked in although their window closed at or before {@code nowMillis}. */
    List<Booking> missed(LocalDate today, long nowMillis, AppointmentRules rules) {
        List<Booking> out = new ArrayList<>();
        for (List<Booking> day : days.headMap(today, true).values()) {
            for (Booking b : day) {
                if (b.state() == BookingState.BOOKED && lateUntilMillis(b, rules) <= nowMillis) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /** The end of a booking's check-in: the APPOINTMENT window, or the slot's end if later. */
    static long lateUntilMillis(Booking b, AppointmentRules rules) {
        return Math.max(b.startMillis() + rules.checkInLateMinutes() * 60_000L, b.endMillis());
    }

    /** The number of bookings made for a date: the next one's id follows. */
    int countOn(LocalDate date) {
        return on(date).size();
    }

    // ---------------------------------------------------------------- successors

    /** With a new booking, dropping days before {@code keepFrom}. */
    Bookings withBooked(Booking b, LocalDate keepFrom) {
        TreeMap<LocalDate, List<Booking>> ds = new TreeMap<>(days.tailMap(keepFrom, true));
        List<Booking> day = new ArrayList<>(on(b.date()));
        day.add(b);
        ds.put(b.date(), Collections.unmodifiableList(day));
        return new Bookings(Collections.unmodifiableNavigableMap(ds), lifts);
    }

    /** With a booking replaced by its changed self (same id). */
    Bookings withChanged(Booking b) {
        List<Booking> day = new ArrayList<>(on(b.date()));
        int i = (int) (b.id() % Booking.IDS_PER_DAY) - 1;
        day.set(i, b);
        TreeMap<LocalDate, List<Booking>> ds = new TreeMap<>(days);
        ds.put(b.date(), Collections.unmodifiableList(day));
        return new Bookings(Collections.unmodifiableNavigableMap(ds), lifts);
    }

    /** With the person's no-shows up to {@code through} forgiven. */
    Bookings withLift(String personKey, LocalDate through) {
        Map<String, LocalDate> ls = new HashMap<>(lifts);
        ls.put(personKey, through);
        return new Bookings(days, Collections.unmodifiableMap(ls));
    }

    /** The booking a ticket checked in with: its appointment id, if it names a booked booking; else null. */
    Booking checkedInBy(Ticket t) {
        Booking b = named(t.appointmentId());
        return b != null && b.state() == BookingState.BOOKED ? b : null;
    }

    /** The booking an appointment id names, in any state, or null. */
    Booking named(String appointmentId) {
        String ap = appointmentId;
        if (ap == null || ap.isEmpty() || ap.length() > 18) {
            return null;
        }
        for (int i = 0; i < ap.length(); i++) {
            if (ap.charAt(i) < '0' || ap.charAt(i) > '9') {
                return null;
            }
        }
        return byId(Long.parseLong(ap));
    }
}
