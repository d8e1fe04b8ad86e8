package io.onewindow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Booking;
import io.onewindow.core.BookingState;
import io.onewindow.core.Category;
import io.onewindow.core.Channel;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.Ticket;
import io.onewindow.core.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static final byte[] SALT = "onewindow-test-salt-0123456789".getBytes(StandardCharsets.UTF_8);
    static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T00:30:00Z"); // 08:30 in Shanghai

    private final HallDefinition hall = HallDefinitions.demo();
    private final EventCodec codec = new EventCodec(hall);

    /** One event of every type, with every optional field both set and unset somewhere. */
    static List<Event> oneOfEach(HallDefinition hall) {
        Category a = hall.category("A");
        Category b = hall.category("B");
        Staff staff = new Staff("0571", "王营定");
        Ticket plain = new Ticket(7, 3, a, "A", 0, Priority.NORMAL, Channel.KIOSK, 1_795_400_000_000L,
                1_795_400_000_000L, 7L << 16, 0, false, null, null, null);
        Ticket full = new Ticket(8, 1004, a, "B", 1, Priority.APPOINTMENT, Channel.ID_CARD, 1_795_400_001_000L,
                1_795_400_000_500L, (8L << 16) + 1, 1_795_400_009_000L, true, "q8v1-personKey_hash",
                "APT-2026-11-23-0042", "c0ffee-track-token");
        Ticket green = new Ticket(9, 12, b, "B", 1, Priority.GREEN, Channel.GUIDE, 1_795_400_002_000L,
                1_795_400_002_000L, 9L << 16, 1_795_400_003_000L, false, null, null, "t");
        List<Event> events = new ArrayList<>();
        events.add(new Event.TicketIssued(1, 1_795_400_000_000L, plain));
        events.add(new Event.TicketIssued(2, 1_795_400_001_000L, full));
        events.add(new Event.TicketCalled(3, 1_795_400_003_000L, green, "1", staff));
        events.add(new Event.TicketRecalled(4, 1_795_400_004_000L, green, "1", 2));
        events.add(new Event.ServiceStarted(5, 1_795_400_005_000L, green, "1", staff));
        events.add(new Event.ServiceCompleted(6, 1_795_400_006_000L, green, "1", staff, 1_795_400_003_000L,
                1_795_400_005_000L));
        events.add(new Event.TicketNoShow(7, 1_795_400_007_000L, full, "4", true));
        events.add(new Event.TicketNoShow(8, 1_795_400_007_500L, plain, "3", false));
        events.add(new Event.TicketReinstated(9, 1_795_400_008_000L, full));
        events.add(new Event.TicketTransferred(10, 1_795_400_009_000L, full, "A", "3"));
        events.add(new Event.TicketCancelled(11, 1_795_400_010_000L, plain));
        events.add(new Event.TicketPinned(12, 1_795_400_011_000L, full, "孕妇优先, \"quoted\" \\ reason"));
        events.add(new Event.WindowOpened(13, 1_795_400_012_000L, "5", new Staff("0632", "李晓明")));
        events.add(new Event.WindowPaused(14, 1_795_400_013_000L, "5"));
        events.add(new Event.WindowResumed(15, 1_795_400_014_000L, "5"));
        events.add(new Event.WindowClosed(16, 1_795_400_015_000L, "5"));
        events.add(new Event.DayClosed(17, 1_795_400_016_000L, LocalDate.of(2026, 11, 23), 41));
        events.add(new Event.TicketCalled(18, 1_795_400_017_000L, plain, "2", null));
        Booking booked = new Booking(Booking.idOf(LocalDate.of(2026, 11, 24), 3), "042917", "A",
                LocalDate.of(2026, 11, 24), 1_795_400_100_000L, 1_795_401_900_000L, "q8v1-personKey_hash",
                "13812345678", "c2VjcmV0LWhhc2g", 1_795_400_018_000L, BookingState.BOOKED, 1_795_400_018_000L, 0,
                false);
        events.add(new Event.AppointmentBooked(19, 1_795_400_018_000L, booked));
        events.add(new Event.AppointmentCancelled(20, 1_795_400_019_000L, new Booking(booked.id(), booked.code(),
                "B", booked.date(), booked.startMillis(), booked.endMillis(), booked.personKey(), booked.phone(),
                booked.secretHash(), booked.bookedAtMillis(), BookingState.CHECKED_IN, 1_795_400_019_000L, 8, true)));
        events.add(new Event.AppointmentsMissed(21, 1_795_400_020_000L, List.of(booked.id(), booked.id() + 1)));
        events.add(new Event.BookingBlockLifted(22, 1_795_400_021_000L, "q8v1-personKey_hash",
                LocalDate.of(2026, 11, 23), "病假证明"));
        events.add(new Event.TrackLinkReplaced(23, 1_795_400_022_000L, full));
        return events;
    }

    @Test
    void shouldRoundTripEveryEventTypeExactly() throws IOException {
        List<Event> events = oneOfEach(hall);
        Set<String> types = new HashSet<>();

        for (Event e : events) {
            byte[] bytes = codec.encode(e);
            assertThat(codec.decode(bytes)).as(e.type()).isEqualTo(e);
            assertThat(codec.decode(codec.encodeToString(e))).as(e.type()).isEqualTo(e);
            types.add(e.type());
        }

        assertThat(types).as("every permitted event type is covered")
                .hasSize(Event.class.getPermittedSubclasses().length);
    }

    @Test
    void shouldKeepTheOriginPrefixOfATransferredTicket() throws IOException {
        Event transferred = oneOfEach(hall).get(9);

        Event.TicketTransferred back = (Event.TicketTransferred) codec.decode(codec.encode(transferred));

        assertThat(back.ticket().number()).isEqualTo("A1004");
        assertThat(back.ticket().category()).isEqualTo("B");
        assertThat(back.ticket().categoryIndex()).isEqualTo(1);
        assertThat(back.ticket().origin()).isSameAs(hall.category("A"));
    }

    @Test
    void shouldRebuildTheSameHallFromDecodedEvents() throws IOException {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher original = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        List<Event> events = new HallScript(original, clock, 42).run(3_000);
        LockFreeDispatcher rebuilt = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));

        long issued = 0;
        for (Event e : events) {
            byte[] bytes = codec.encode(e);
            rebuilt.replay(codec.decode(bytes));
            if (e instanceof Event.TicketIssued) {
                issued++;
            }
        }

        assertThat(events).hasSizeGreaterThan(1_000);
        assertThat(events.stream().map(Event::type).distinct()).as("the script made every type")
                .containsExactlyInAnyOrder(Arrays.stream(Event.class.getPermittedSubclasses())
                        .map(Class::getSimpleName).toArray(String[]::new));
        SameHall.assertSameHall(original, rebuilt, issued);
    }

    @Test
    void shouldNeverWriteAnIdNumber() {
        VirtualClock clock = new VirtualClock(MONDAY_MORNING);
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        List<Event> events = new HallScript(dispatcher, clock, 7).run(1_000);

        StringBuilder journal = new StringBuilder();
        for (Event e : events) {
            journal.append(codec.encodeToString(e)).append('\n');
        }

        assertThat(journal).contains("\"pk\":");
        for (String idNumber : HallScript.ID_NUMBERS) {
            assertThat(journal.toString()).doesNotContain(idNumber).doesNotContain(idNumber.substring(6, 14));
        }
    }

    @Test
    void shouldRefuseATicketOfACategoryTheHallDoesNotHave() {
        HallDefinition other = HallDefinitions.parse("""
                {"id":"other","name":"另一个大厅","timezone":"Asia/Shanghai","open":"08:30","close":"17:00",
                 "categories":[{"code":"X","name":"其他","prefix":"X"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                """);
        byte[] bytes = codec.encode(oneOfEach(hall).get(0));

        assertThatThrownBy(() -> new EventCodec(other).decode(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown to hall other");
    }

    @Test
    void shouldRefuseGarbage() {
        assertThatThrownBy(() -> codec.decode("{\"t\":\"TicketIssued\",\"s\":1}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("{\"t\":\"Nonsense\",\"s\":1,\"a\":0}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("{\"t\":\"WindowOpened\",\"s\":1,\"a\":0,\"w\":\"1\",\"f\":{\"i\":\"1\"}}"))
                .isInstanceOf(IOException.class);
    }
}
