package io.onewindow.core.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Booking;
import io.onewindow.core.BookingRequest;
import io.onewindow.core.Channel;
import io.onewindow.core.CheckInRequest;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IdNumbers;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String ID = IdNumbers.withCheck("33010619850314001");

    private final HallDefinition hall = HallDefinitions.demo();
    private final VirtualClock clock = new VirtualClock(LocalDateTime.of(2026, 11, 23, 9, 0).atZone(SHANGHAI)
            .toInstant());
    private final LockFreeDispatcher d = new LockFreeDispatcher(hall, clock,
            new PersonKeys("a salt for the tests only".getBytes(StandardCharsets.UTF_8)));

    private void at(LocalDateTime shanghai) {
        clock.setMillis(shanghai.atZone(SHANGHAI).toInstant().toEpochMilli());
    }

    private Event.AppointmentBooked book(LocalDateTime start) {
        return (Event.AppointmentBooked) d.book(new BookingRequest("A", start, ID, "13812345678", "h"));
    }

    @Test
    void shouldSendTheCodeAtOnceWithoutTheIdNumber() {
        Event.AppointmentBooked e = book(LocalDateTime.of(2026, 11, 24, 10, 0));

        List<Notice> notices = Notices.of(e, hall, d.bookings());

        assertThat(notices).hasSize(1);
        Notice n = notices.get(0);
        assertThat(n.kind()).isEqualTo(Notice.Kind.BOOKED);
        assertThat(n.phone()).isEqualTo("13812345678");
        assertThat(n.text()).contains(e.booking().code()).contains("户籍").contains("11月24日 10:00-10:30")
                .contains("09:30-10:15").doesNotContain(ID).doesNotContain(ID.substring(6, 14));
        assertThat(n.id()).isEqualTo("demo/b" + e.booking().id() + "/code");
        assertThat(n.toString()).doesNotContain("138");
    }

    @Test
    void shouldRemindTheDayBeforeAndTwoHoursBeforeEachOnce() {
        Booking b = book(LocalDateTime.of(2026, 11, 25, 10, 0)).booking();

        at(LocalDateTime.of(2026, 11, 24, 9, 59));
        assertThat(Notices.reminders(hall, d.bookings(), clock.millis())).isEmpty();
        at(LocalDateTime.of(2026, 11, 24, 10, 0));
        List<Notice> dayBefore = Notices.reminders(hall, d.bookings(), clock.millis());
        at(LocalDateTime.of(2026, 11, 24, 18, 0));
        List<Notice> evening = Notices.reminders(hall, d.bookings(), clock.millis());
        at(LocalDateTime.of(2026, 11, 25, 8, 0));
        List<Notice> twoHours = Notices.reminders(hall, d.bookings(), clock.millis());
        at(LocalDateTime.of(2026, 11, 25, 10, 0));
        List<Notice> started = Notices.reminders(hall, d.bookings(), clock.millis());

        assertThat(dayBefore).extracting(Notice::kind).containsExactly(Notice.Kind.REMINDER_DAY_BEFORE);
        assertThat(dayBefore.get(0).text()).contains("明天 10:00").contains(b.code());
        assertThat(evening).as("the same notice, so the notifier sends it once").isEqualTo(dayBefore);
        assertThat(twoHours).extracting(Notice::kind).containsExactly(Notice.Kind.REMINDER_TWO_HOURS);
        assertThat(twoHours.get(0).text()).contains("今天 10:00");
        assertThat(started).isEmpty();
    }

    @Test
    void shouldNotRemindOfABookingMadeAfterTheReminderWasDueOrCancelled() {
        book(LocalDateTime.of(2026, 11, 23, 15, 0)); // six hours ahead: no day-before reminder
        Booking other = ((Event.AppointmentBooked) d.book(new BookingRequest("B", LocalDateTime.of(2026, 11, 24, 16,
                0), IdNumbers.withCheck("33010619850314002"), "13912345678", "h"))).booking();
        d.cancelBooking(other.id());
        at(LocalDateTime.of(2026, 11, 23, 13, 0));
        List<Notice> twoHours = Notices.reminders(hall, d.bookings(), clock.millis());

        assertThat(twoHours).extracting(Notice::kind).containsExactly(Notice.Kind.REMINDER_TWO_HOURS);
        at(LocalDateTime.of(2026, 11, 24, 14, 30));
        assertThat(Notices.reminders(hall, d.bookings(), clock.millis())).isEmpty();
    }

    @Test
    void shouldTellTheCallToTheHolderOfACheckedInTicket() {
        Booking b = book(LocalDateTime.of(2026, 11, 23, 10, 0)).booking();
        at(LocalDateTime.of(2026, 11, 23, 10, 0));
        d.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null));
        d.openWindow("5", new Staff("0571", "王营定"));
        d.openWindow("1", new Staff("0572", "李晓明"));
        d.issue(IssueRequest.of("C"));
        Event walkInCall = (Event) d.callNext("5");

        Event call = (Event) d.callNext("1");

        assertThat(Notices.of(walkInCall, hall, d.bookings())).as("a walk-in ticket carries no phone").isEmpty();
        List<Notice> n = Notices.of(call, hall, d.bookings());
        assertThat(n).hasSize(1);
        assertThat(n.get(0).text()).endsWith("请 A001 号到 1号窗口办理");
        assertThat(n.get(0).kind()).isEqualTo(Notice.Kind.CALLED);
    }

    @Test
    void shouldWriteEachNoticeOnceToTheOutboxAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outbox.jsonl");
        Notice n = new Notice("demo/b1/code", "demo", Notice.Kind.BOOKED, "13812345678", "签到码 000001");

        boolean first;
        boolean again;
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            first = outbox.send(n).get(5, TimeUnit.SECONDS);
            again = outbox.send(n).get(5, TimeUnit.SECONDS);
        }
        Files.writeString(file, "{\"id\":\"torn", StandardOpenOption.APPEND);
        boolean afterRestart;
        boolean other;
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            afterRestart = outbox.send(n).get(5, TimeUnit.SECONDS);
            other = outbox.send(new Notice("demo/b2/code", "demo", Notice.Kind.BOOKED, "13912345678", "x"))
                    .get(5, TimeUnit.SECONDS);
        }

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(afterRestart).isFalse();
        assertThat(other).isTrue();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.stream().filter(l -> l.contains("\"demo/b1/code\""))).hasSize(1);
        assertThat(lines.get(0)).contains("\"kind\":\"BOOKED\"").contains("\"phone\":\"13812345678\"");
    }

    @Test
    void shouldFindAfterARestartOnlyTheCodesAndCallsThatAreStillDue() {
        Booking ahead = book(LocalDateTime.of(2026, 11, 26, 10, 0)).booking();
        Booking cancelled = ((Event.AppointmentBooked) d.book(new BookingRequest("A", LocalDateTime.of(2026, 11, 26,
                10, 30), IdNumbers.withCheck("33010619850314002"), "13912345678", "h"))).booking();
        d.cancelBooking(cancelled.id());
        Booking called = ((Event.AppointmentBooked) d.book(new BookingRequest("A", LocalDateTime.of(2026, 11, 24,
                9, 30), IdNumbers.withCheck("33010619850314003"), "13712345678", "h"))).booking();
        Booking served = ((Event.AppointmentBooked) d.book(new BookingRequest("B", LocalDateTime.of(2026, 11, 24,
                9, 30), IdNumbers.withCheck("33010619850314004"), "13612345678", "h"))).booking();
        Booking missed = ((Event.AppointmentBooked) d.book(new BookingRequest("A", LocalDateTime.of(2026, 11, 24,
                10, 0), IdNumbers.withCheck("33010619850314005"), "13512345678", "h"))).booking();
        at(LocalDateTime.of(2026, 11, 24, 9, 30));
        d.checkIn(new CheckInRequest(called.code(), null, Channel.KIOSK, null));
        d.checkIn(new CheckInRequest(served.code(), null, Channel.KIOSK, null));
        d.openWindow("1", new Staff("0571", "王营定"));
        d.openWindow("2", new Staff("0572", "李晓明"));
        Event.TicketCalled first = (Event.TicketCalled) d.callNext("1");
        Event.TicketCalled second = (Event.TicketCalled) d.callNext("2");
        d.start("2");

        at(LocalDateTime.of(2026, 11, 24, 10, 29));
        List<Notice> beforeTheSlotEnds = Notices.stillDue(hall, d.snapshot(), d.bookings(), clock.millis());
        at(LocalDateTime.of(2026, 11, 24, 10, 31));
        List<Notice> due = Notices.stillDue(hall, d.snapshot(), d.bookings(), clock.millis());
        d.start("1");
        List<Notice> afterStart = Notices.stillDue(hall, d.snapshot(), d.bookings(), clock.millis());

        Event.TicketCalled atWindow1 = first.window().equals("1") ? first : second;
        String call = "demo/t" + atWindow1.ticket().id() + "/called";
        assertThat(beforeTheSlotEnds).extracting(Notice::id).containsExactlyInAnyOrder(
                "demo/b" + ahead.id() + "/code", "demo/b" + missed.id() + "/code", call);
        assertThat(due).as("the code of a cancelled, checked-in or past booking, the call of a ticket served: none")
                .extracting(Notice::id).containsExactlyInAnyOrder("demo/b" + ahead.id() + "/code", call);
        assertThat(due).containsAll(Notices.of(atWindow1, hall, d.bookings()));
        assertThat(due).contains(Notices.of(new Event.AppointmentBooked(0, 0, ahead), hall, d.bookings()).get(0));
        assertThat(afterStart).extracting(Notice::id).containsExactly("demo/b" + ahead.id() + "/code");
    }

    @Test
    void shouldReadBackTheNoticeWrittenAfterALineACrashTore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outbox.jsonl");
        Notice whole = new Notice("demo/b1/code", "demo", Notice.Kind.BOOKED, "13812345678", "签到码 000001");
        Notice next = new Notice("demo/b2/code", "demo", Notice.Kind.BOOKED, "13912345678", "签到码 000002");
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            outbox.send(whole).get(5, TimeUnit.SECONDS);
        }
        String line = Files.readString(file);
        Files.writeString(file, line.substring(0, line.length() - 1)); // a whole notice, its newline not written
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            assertThat(outbox.send(whole).get(5, TimeUnit.SECONDS)).isFalse();
        }
        Files.writeString(file, "{\"id\":\"demo/b3/co", StandardOpenOption.APPEND); // torn mid-line

        boolean nextSent;
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            nextSent = outbox.send(next).get(5, TimeUnit.SECONDS);
        }
        boolean nextAgain;
        boolean wholeAgain;
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            nextAgain = outbox.send(next).get(5, TimeUnit.SECONDS);
            wholeAgain = outbox.send(whole).get(5, TimeUnit.SECONDS);
        }

        assertThat(nextSent).isTrue();
        assertThat(nextAgain).as("the line after the torn one reads back").isFalse();
        assertThat(wholeAgain).isFalse();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"demo/b1/code\"");
        assertThat(lines.get(1)).contains("\"demo/b2/code\"");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void shouldWriteAWholeLineOnceTheDiskHasRoomAgainWithoutARestart(@TempDir Path dir) throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "a full disk is played by /dev/full (Linux)");
        Path file = dir.resolve("outbox.jsonl");
        Files.createSymbolicLink(file, full);
        Notice first = new Notice("demo/b1/code", "demo", Notice.Kind.BOOKED, "13812345678", "签到码 000001");
        Notice second = new Notice("demo/b2/code", "demo", Notice.Kind.BOOKED, "13912345678", "签到码 000002");

        boolean firstAgain;
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            assertThatThrownBy(() -> outbox.send(first).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.io.UncheckedIOException.class);
            // room again, with the line a failed write tore at the end of the file
            Files.delete(file);
            Files.writeString(file, "{\"id\":\"demo/b1/co");
            assertThat(outbox.send(first).get(5, TimeUnit.SECONDS)).as("written once the disk has room").isTrue();
            assertThat(outbox.send(second).get(5, TimeUnit.SECONDS)).isTrue();
            firstAgain = outbox.send(first).get(5, TimeUnit.SECONDS);
        }
        boolean afterRestart;
        try (OutboxNotifier outbox = new OutboxNotifier(file)) {
            afterRestart = outbox.send(second).get(5, TimeUnit.SECONDS) || outbox.send(first).get(5, TimeUnit.SECONDS);
        }

        assertThat(firstAgain).isFalse();
        assertThat(afterRestart).as("both lines read back whole").isFalse();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"demo/b1/code\"");
        assertThat(lines.get(1)).contains("\"demo/b2/code\"");
    }

    @Test
    void shouldNeverPutAnIdNumberInAnyNotice() {
        LocalDate day = LocalDate.of(2026, 11, 24);
        Event.AppointmentBooked e = book(day.atTime(10, 0));
        at(day.atTime(8, 0));
        StringBuilder all = new StringBuilder();
        Notices.of(e, hall, d.bookings()).forEach(n -> all.append(n).append(n.text()).append(n.id()));
        Notices.reminders(hall, d.bookings(), clock.millis()).forEach(n -> all.append(n.text()).append(n.id()));
        clock.advance(Duration.ofHours(2));

        assertThat(all.toString()).isNotEmpty().doesNotContain(ID).doesNotContain(e.booking().personKey());
    }
}
