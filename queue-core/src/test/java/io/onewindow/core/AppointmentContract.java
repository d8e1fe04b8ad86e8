package io.onewindow.core;

import static io.onewindow.core.TestHalls.idNumber;
import static io.onewindow.core.TestHalls.openAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.journal.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Appointments (网上预约), run over both dispatchers: slots from the hours, the calendar and the quota; booking by
 * real name with the per-person limits and the no-show block; cancel and release; check-in early, in time and
 * late; NO_SHOW at the end of the window; a slot never oversold; bookings across day closes and replay; the
 * hall's time zone, whatever the server's.
 */
abstract class AppointmentContract {

    /** Monday 2026-11-23 09:00 in Shanghai is the start; Thursday 11-26 is a holiday, weekends closed. */
    static final String RULES = """
            "open":"08:30","close":"17:00",
            "calendar":{"closedDays":["SAT","SUN"],"holidays":["2026-11-26"]},
            "appointments":{"perSlot":{"A":4,"B":2}},
            """;
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    static final LocalDate TUESDAY = MONDAY.plusDays(1);
    static final String PHONE = "13812345678";

    abstract Dispatcher create(HallDefinition hall, Clock clock);

    VirtualClock clock;
    Dispatcher d;
    HallDefinition hall;

    @BeforeEach
    void setUp() {
        clock = TestHalls.morning();
        hall = TestHalls.hall(RULES);
        d = create(hall, clock);
        openAll(d);
    }

    static String person(int n) {
        return idNumber(1985, 3, 14, n);
    }

    Outcome book(String category, LocalDateTime start, int person) {
        return d.book(new BookingRequest(category, start, person(person), PHONE, "hash-" + person));
    }

    Booking booked(String category, LocalDateTime start, int person) {
        Outcome o = book(category, start, person);
        assertThat(o).as("book %s %s for %d", category, start, person).isInstanceOf(Event.AppointmentBooked.class);
        return ((Event.AppointmentBooked) o).booking();
    }

    static void assertRefused(Outcome o, Refusal.Code code) {
        assertThat(o).isInstanceOf(Refusal.class);
        assertThat(((Refusal) o).code()).as(((Refusal) o).message()).isEqualTo(code);
    }

    void at(LocalDateTime shanghai) {
        clock.setMillis(TestHalls.instant(shanghai).toEpochMilli());
    }

    // ------------------------------------------------------------------ slots

    @Test
    void shouldOfferSlotsFromTheHoursWithTheQuota() {
        List<Slot> slots = d.slots("A", TUESDAY);

        assertThat(slots).hasSize(17);
        assertThat(slots.get(0).start().toLocalTime()).isEqualTo(LocalTime.of(8, 30));
        assertThat(slots.get(16).end().toLocalTime()).isEqualTo(LocalTime.of(17, 0));
        assertThat(slots).allSatisfy(s -> {
            assertThat(s.capacity()).isEqualTo(4);
            assertThat(s.left()).isEqualTo(4);
            assertThat(s.bookable()).isTrue();
        });
        assertThat(d.slots("B", TUESDAY).get(0).capacity()).isEqualTo(2);
    }

    @Test
    void shouldOfferNoSlotsOnClosedDaysHolidaysOrForCategoriesWithoutQuota() {
        assertThat(d.slots("A", LocalDate.of(2026, 11, 28))).as("Saturday").isEmpty();
        assertThat(d.slots("A", LocalDate.of(2026, 11, 26))).as("the holiday").isEmpty();
        assertThat(d.slots("C", TUESDAY)).as("C takes no appointments").isEmpty();
    }

    @Test
    void shouldCloseBookingOfASlotAnHourBeforeItsStart() {
        List<Slot> today = d.slots("A", MONDAY);

        assertThat(today.stream().filter(s -> s.start().toLocalTime().equals(LocalTime.of(9, 30))).findFirst()
                .orElseThrow().bookable()).isFalse();
        assertThat(today.stream().filter(s -> s.start().toLocalTime().equals(LocalTime.of(10, 0))).findFirst()
                .orElseThrow().bookable()).isTrue();
        assertRefused(book("A", MONDAY.atTime(9, 30), 1), Refusal.Code.BAD_SLOT);
        booked("A", MONDAY.atTime(10, 0), 1);
    }

    // ------------------------------------------------------------------ booking

    @Test
    void shouldBookByRealNameKeepingOnlyTheHashAndAMaskedPhone() {
        Booking b = booked("A", TUESDAY.atTime(10, 0), 1);

        assertThat(b.state()).isEqualTo(BookingState.BOOKED);
        assertThat(b.code()).matches("[0-9]{6}");
        assertThat(b.date()).isEqualTo(TUESDAY);
        assertThat(Booking.dateOf(b.id())).isEqualTo(TUESDAY);
        assertThat(b.personKey()).isEqualTo(TestHalls.KEYS.keyOf(person(1))).doesNotContain(person(1));
        assertThat(b.maskedPhone()).isEqualTo("138****5678");
        assertThat(b.toString()).doesNotContain(person(1)).doesNotContain(PHONE);
        assertThat(d.bookings().byId(b.id())).isEqualTo(b);
        assertThat(d.slots("A", TUESDAY).get(3).left()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBadSlotsPhonesAndIdNumbersChangingNothing() {
        long seq = d.snapshot().seq();

        assertRefused(book("A", TUESDAY.atTime(10, 15), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("A", TUESDAY.atTime(8, 0), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("A", TUESDAY.atTime(16, 45), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("A", LocalDate.of(2026, 11, 26).atTime(10, 0), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("A", LocalDate.of(2026, 11, 28).atTime(10, 0), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("A", MONDAY.plusDays(6).atTime(10, 0), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("A", MONDAY.minusDays(1).atTime(10, 0), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("C", TUESDAY.atTime(10, 0), 1), Refusal.Code.BAD_SLOT);
        assertRefused(book("Z", TUESDAY.atTime(10, 0), 1), Refusal.Code.UNKNOWN_CATEGORY);
        assertRefused(d.book(new BookingRequest("A", TUESDAY.atTime(10, 0), person(1), "12345", "h")),
                Refusal.Code.BAD_PHONE);
        String badCheck = person(1).substring(0, 17) + (person(1).charAt(17) == '1' ? '2' : '1');
        assertRefused(d.book(new BookingRequest("A", TUESDAY.atTime(10, 0), badCheck, PHONE, "h")),
                Refusal.Code.BAD_ID_NUMBER);

        assertThat(d.snapshot().seq()).isEqualTo(seq);
        assertThat(d.bookings().on(TUESDAY)).isEmpty();
    }

    @Test
    void shouldFillASlotAndRefuseTheFifth() {
        for (int p = 1; p <= 4; p++) {
            booked("A", TUESDAY.atTime(10, 0), p);
        }

        assertRefused(book("A", TUESDAY.atTime(10, 0), 5), Refusal.Code.SLOT_FULL);
        assertThat(d.slots("A", TUESDAY).get(3).left()).isZero();
        booked("A", TUESDAY.atTime(10, 30), 5);
    }

    @Test
    void shouldAllowOneActiveBookingPerPersonAndDayAtTheHall() {
        booked("A", TUESDAY.atTime(10, 0), 1);

        assertRefused(book("A", TUESDAY.atTime(11, 0), 1), Refusal.Code.ALREADY_BOOKED);
        assertRefused(book("B", TUESDAY.atTime(11, 0), 1), Refusal.Code.ALREADY_BOOKED);
    }

    @Test
    void shouldLimitBookingsPerPersonAndWeekAndMonth() {
        booked("A", TUESDAY.atTime(10, 0), 1);
        booked("A", TUESDAY.plusDays(1).atTime(10, 0), 1);

        assertRefused(book("A", TUESDAY.plusDays(3).atTime(10, 0), 1), Refusal.Code.BOOKING_LIMIT_REACHED);

        at(LocalDateTime.of(2026, 11, 26, 12, 0)); // Thursday: next week's Monday and Tuesday are within reach
        Booking monday = booked("A", LocalDate.of(2026, 11, 30).atTime(10, 0), 1);
        assertThat(monday.state()).isEqualTo(BookingState.BOOKED);
    }

    @Test
    void shouldLimitBookingsPerMonth() {
        Dispatcher strict = create(TestHalls.hall("""
                "appointments":{"perSlot":{"A":4},"perPersonPerWeek":7,"perPersonPerMonth":2,"daysAhead":10},
                """), clock);
        strict.book(new BookingRequest("A", TUESDAY.atTime(10, 0), person(1), PHONE, "h"));
        strict.book(new BookingRequest("A", TUESDAY.plusDays(1).atTime(10, 0), person(1), PHONE, "h"));

        assertRefused(strict.book(new BookingRequest("A", TUESDAY.plusDays(2).atTime(10, 0), person(1), PHONE, "h")),
                Refusal.Code.BOOKING_LIMIT_REACHED);
        assertThat(strict.book(new BookingRequest("A", LocalDate.of(2026, 12, 1).atTime(10, 0), person(1), PHONE,
                "h"))).as("December is another month").isInstanceOf(Event.AppointmentBooked.class);
    }

    // ------------------------------------------------------------------ cancel and release

    @Test
    void shouldCancelUntilTwoHoursBeforeAndReleaseThePlaceHalfAnHourLater() {
        for (int p = 1; p <= 4; p++) {
            booked("A", TUESDAY.atTime(10, 0), p);
        }
        Booking first = d.bookings().on(TUESDAY).get(0);

        Outcome cancelled = d.cancelBooking(first.id());

        assertThat(cancelled).isInstanceOf(Event.AppointmentCancelled.class);
        assertThat(d.bookings().byId(first.id()).state()).isEqualTo(BookingState.CANCELLED);
        assertRefused(book("A", TUESDAY.atTime(10, 0), 5), Refusal.Code.SLOT_FULL);
        assertThat(d.slots("A", TUESDAY).get(3).left()).isZero();
        clock.advance(Duration.ofMinutes(30));
        assertThat(d.slots("A", TUESDAY).get(3).left()).isEqualTo(1);
        booked("A", TUESDAY.atTime(10, 0), 5);
        assertRefused(d.cancelBooking(first.id()), Refusal.Code.WRONG_STATE);
        assertRefused(d.cancelBooking(Booking.idOf(TUESDAY, 99)), Refusal.Code.UNKNOWN_APPOINTMENT);

        Booking second = d.bookings().on(TUESDAY).get(1);
        at(TUESDAY.atTime(8, 1));
        assertRefused(d.cancelBooking(second.id()), Refusal.Code.TOO_LATE);
    }

    // ------------------------------------------------------------------ check-in

    @Test
    void shouldRefuseCheckInTooEarly() {
        Booking b = booked("A", TUESDAY.atTime(10, 0), 1);
        at(TUESDAY.atTime(9, 29));

        assertRefused(d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null)), Refusal.Code.TOO_EARLY);
        assertThat(d.bookings().byId(b.id()).state()).isEqualTo(BookingState.BOOKED);
    }

    @Test
    void shouldCheckInInTimeWithAnAppointmentTicketCalledAfterGreenBeforeWalkIns() {
        Booking b = booked("A", TUESDAY.atTime(10, 0), 1);
        at(TUESDAY.atTime(9, 50));
        d.closeWindow("1");
        d.closeWindow("2");
        d.closeWindow("4");
        d.issue(IssueRequest.of("A"));
        d.issue(IssueRequest.of("A"));

        Outcome o = d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, "track-1"));

        assertThat(o).isInstanceOf(Event.TicketIssued.class);
        Ticket t = ((Event.TicketIssued) o).ticket();
        assertThat(t.priority()).isEqualTo(Priority.APPOINTMENT);
        assertThat(t.appointmentId()).isEqualTo(Long.toString(b.id()));
        assertThat(t.trackToken()).isEqualTo("track-1");
        Booking in = d.bookings().byId(b.id());
        assertThat(in.state()).isEqualTo(BookingState.CHECKED_IN);
        assertThat(in.ticketId()).isEqualTo(t.id());
        assertThat(in.late()).isFalse();
        assertRefused(d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null)), Refusal.Code.WRONG_STATE);

        at(TUESDAY.atTime(9, 55));
        assertThat(((Event.TicketCalled) d.callNext("3")).ticket().priority())
                .as("before its slot an early appointment waits behind the walk-ins who came first")
                .isEqualTo(Priority.NORMAL);
        d.noShow("3");
        at(TUESDAY.atTime(10, 1));
        d.issue(new IssueRequest("A", Priority.GREEN, Channel.GUIDE, null, null, null));
        assertThat(((Event.TicketCalled) d.callNext("3")).ticket().priority()).isEqualTo(Priority.GREEN);
        d.noShow("3");
        assertThat(((Event.TicketCalled) d.callNext("3")).ticket().id())
                .as("once its slot started the appointment comes before the walk-in")
                .isEqualTo(t.id());
    }

    @Test
    void shouldNotLetAnIssuedTicketPassForACheckIn() {
        Booking b = booked("A", TUESDAY.atTime(10, 0), 1);

        assertRefused(d.issue(new IssueRequest("A", Priority.APPOINTMENT, Channel.KIOSK, null, Long.toString(b.id()),
                null)), Refusal.Code.WRONG_STATE);
        assertThat(d.bookings().byId(b.id()).state()).isEqualTo(BookingState.BOOKED);
    }

    @Test
    void shouldCheckInByIdNumber() {
        Booking b = booked("B", TUESDAY.atTime(10, 0), 1);
        at(TUESDAY.atTime(10, 0));

        Outcome o = d.checkIn(new CheckInRequest(null, person(1), Channel.GUIDE, null));

        assertThat(o).isInstanceOf(Event.TicketIssued.class);
        assertThat(((Event.TicketIssued) o).ticket().category()).isEqualTo("B");
        assertThat(d.bookings().byId(b.id()).state()).isEqualTo(BookingState.CHECKED_IN);
        assertRefused(d.checkIn(new CheckInRequest(null, person(2), Channel.GUIDE, null)), Refusal.Code.NOT_BOOKED);
        assertRefused(d.checkIn(new CheckInRequest("000000".equals(b.code()) ? "000001" : "000000", null,
                Channel.KIOSK, null)), Refusal.Code.NOT_BOOKED);
    }

    @Test
    void shouldGiveALateArrivalANormalTicketAndRecordItLate() {
        Booking b = booked("A", TUESDAY.atTime(10, 0), 1);
        at(TUESDAY.atTime(10, 16));

        Outcome o = d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null));

        assertThat(((Event.TicketIssued) o).ticket().priority()).isEqualTo(Priority.NORMAL);
        Booking in = d.bookings().byId(b.id());
        assertThat(in.state()).isEqualTo(BookingState.CHECKED_IN);
        assertThat(in.late()).isTrue();
    }

    @Test
    void shouldRefuseCheckInAfterTheSlotEndedAndMarkItNoShow() {
        Booking b = booked("A", TUESDAY.atTime(10, 0), 1);
        Booking other = booked("A", TUESDAY.atTime(11, 0), 2);
        at(TUESDAY.atTime(10, 29));
        assertRefused(d.markMissedAppointments(), Refusal.Code.NOT_BOOKED);

        at(TUESDAY.atTime(10, 30));
        assertRefused(d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null)), Refusal.Code.TOO_LATE);
        Outcome o = d.markMissedAppointments();

        assertThat(o).isInstanceOf(Event.AppointmentsMissed.class);
        assertThat(((Event.AppointmentsMissed) o).bookings()).containsExactly(b.id());
        assertThat(d.bookings().byId(b.id()).state()).isEqualTo(BookingState.NO_SHOW);
        assertThat(d.bookings().byId(other.id()).state()).isEqualTo(BookingState.BOOKED);
        assertRefused(d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null)), Refusal.Code.TOO_LATE);
    }

    // ------------------------------------------------------------------ the no-show block

    @Test
    void shouldBlockAfterTwoNoShowsUntilTheDateAndLetAManagerLiftIt() {
        booked("A", TUESDAY.atTime(10, 0), 1);
        at(TUESDAY.atTime(12, 0));
        d.markMissedAppointments();
        booked("A", LocalDate.of(2026, 11, 27).atTime(10, 0), 1);
        at(LocalDateTime.of(2026, 11, 27, 12, 0));
        d.markMissedAppointments();

        Outcome refused = book("A", LocalDate.of(2026, 11, 30).atTime(10, 0), 1);

        assertRefused(refused, Refusal.Code.BOOKING_BLOCKED);
        assertThat(((Refusal) refused).message()).contains("2026-12-27");
        assertThat(d.bookings().blockedUntil(TestHalls.KEYS.keyOf(person(1)), LocalDate.of(2026, 11, 27),
                hall.appointments())).isEqualTo(LocalDate.of(2026, 12, 27));
        booked("A", LocalDate.of(2026, 11, 30).atTime(10, 0), 2);
        assertRefused(d.liftBookingBlock(person(1), " "), Refusal.Code.BAD_REQUEST);
        assertRefused(d.liftBookingBlock(person(2), "不在名单"), Refusal.Code.WRONG_STATE);

        assertThat(d.liftBookingBlock(person(1), "病假证明")).isInstanceOf(Event.BookingBlockLifted.class);
        booked("A", LocalDate.of(2026, 11, 30).atTime(10, 0), 1);
    }

    @Test
    void shouldEndTheBlockOnItsDate() {
        booked("A", TUESDAY.atTime(10, 0), 1);
        at(TUESDAY.atTime(12, 0));
        d.markMissedAppointments();
        booked("A", TUESDAY.plusDays(1).atTime(10, 0), 1);
        at(TUESDAY.plusDays(1).atTime(12, 0));
        d.markMissedAppointments();

        at(LocalDateTime.of(2026, 12, 24, 9, 0));
        assertRefused(book("A", LocalDate.of(2026, 12, 24).atTime(15, 0), 1), Refusal.Code.BOOKING_BLOCKED);
        at(LocalDateTime.of(2026, 12, 25, 9, 0));
        booked("A", LocalDate.of(2026, 12, 25).atTime(15, 0), 1);
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    @Timeout(30)
    void shouldNeverOversellASlotToConcurrentBookings() throws Exception {
        int threads = 30;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int person = 100 + i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    outcomes.add(book("A", TUESDAY.atTime(14, 0), person));
                } catch (Throwable e) {
                    failures.incrementAndGet();
                }
            });
            t.start();
            ts.add(t);
        }

        start.countDown();
        for (Thread t : ts) {
            t.join();
        }

        assertThat(failures).hasValue(0);
        assertThat(outcomes).hasSize(threads);
        assertThat(outcomes.stream().filter(o -> o instanceof Event.AppointmentBooked).count()).isEqualTo(4);
        assertThat(outcomes.stream().filter(o -> o instanceof Refusal r && r.code() == Refusal.Code.SLOT_FULL)
                .count()).isEqualTo(threads - 4);
        assertThat(d.bookings().on(TUESDAY)).hasSize(4);
        assertThat(d.bookings().on(TUESDAY).stream().map(Booking::code).distinct()).hasSize(4);
        List<Long> seqs = outcomes.stream().filter(o -> o instanceof Event).map(o -> ((Event) o).seq()).sorted()
                .toList();
        assertThat(seqs).doesNotHaveDuplicates();
    }

    // ------------------------------------------------------------------ days and recovery

    @Test
    void shouldKeepFutureBookingsAcrossDayCloses() {
        Booking b = booked("A", LocalDate.of(2026, 11, 27).atTime(10, 0), 1);

        for (int day = 0; day < 4; day++) {
            at(MONDAY.plusDays(day).atTime(23, 59, 59));
            d.closeDay();
        }
        at(LocalDateTime.of(2026, 11, 27, 9, 45));

        assertThat(d.bookings().byId(b.id()).state()).isEqualTo(BookingState.BOOKED);
        assertThat(d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null)))
                .isInstanceOf(Event.TicketIssued.class);
    }

    @Test
    void shouldRebuildTheBookingsByReplayingTheJournaledEvents() throws Exception {
        EventCodec codec = new EventCodec(hall);
        List<Event> events = new ArrayList<>();
        Subscription sub = d.events().subscribe(0);
        Booking kept = booked("A", TUESDAY.atTime(10, 0), 1);
        Booking cancelled = booked("A", TUESDAY.atTime(10, 0), 2);
        d.cancelBooking(cancelled.id());
        booked("B", MONDAY.atTime(11, 0), 3);
        at(MONDAY.atTime(12, 0));
        d.markMissedAppointments();
        d.closeDay();
        at(TUESDAY.atTime(9, 40));
        d.checkIn(new CheckInRequest(kept.code(), null, Channel.KIOSK, null));
        d.liftBookingBlock(person(3), "reason");
        sub.poll(events::add, Integer.MAX_VALUE);

        Dispatcher after = create(hall, clock);
        for (Event e : events) {
            after.replay(codec.decode(codec.encode(e)));
        }

        assertThat(after.bookings().on(TUESDAY)).isEqualTo(d.bookings().on(TUESDAY));
        assertThat(after.bookings().on(MONDAY)).isEqualTo(d.bookings().on(MONDAY));
        assertThat(after.bookings().on(MONDAY).get(0).state()).isEqualTo(BookingState.NO_SHOW);
        assertThat(after.snapshot().seq()).isEqualTo(d.snapshot().seq());
        assertThat(after.book(new BookingRequest("A", TUESDAY.atTime(16, 0), person(9), PHONE, "h")))
                .isEqualTo(d.book(new BookingRequest("A", TUESDAY.atTime(16, 0), person(9), PHONE, "h")));
    }

    // ------------------------------------------------------------------ the hall's time zone

    @Test
    void shouldUseTheHallsDateOnAServerInUtcNearMidnight() {
        TimeZone server = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        try {
            // 2026-11-23T16:30Z: still Monday in UTC, already Tuesday 00:30 in Shanghai
            clock.setMillis(Instant.parse("2026-11-23T16:30:00Z").toEpochMilli());

            assertRefused(book("A", MONDAY.atTime(16, 30), 1), Refusal.Code.BAD_SLOT);
            Booking b = booked("A", TUESDAY.atTime(8, 30), 1);
            assertThat(d.slots("A", TUESDAY).get(0).left()).isEqualTo(3);
            assertThat(d.slots("A", TUESDAY).get(0).start().toString()).isEqualTo("2026-11-24T08:30+08:00[Asia/Shanghai]");
            assertThat(b.startMillis()).isEqualTo(Instant.parse("2026-11-24T00:30:00Z").toEpochMilli());
            // the Saturday five days ahead counts from the hall's Tuesday: up to Sunday, both closed
            assertRefused(book("A", LocalDate.of(2026, 11, 30).atTime(10, 0), 2), Refusal.Code.BAD_SLOT);

            clock.setMillis(Instant.parse("2026-11-24T00:00:00Z").toEpochMilli()); // 08:00 in the hall
            assertThat(d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null)))
                    .isInstanceOf(Event.TicketIssued.class);
        } finally {
            TimeZone.setDefault(server);
        }
    }
}
