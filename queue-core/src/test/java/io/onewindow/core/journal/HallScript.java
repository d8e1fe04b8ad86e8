package io.onewindow.core.journal;

import io.onewindow.core.Booking;
import io.onewindow.core.BookingRequest;
import io.onewindow.core.BookingState;
import io.onewindow.core.Channel;
import io.onewindow.core.CheckInRequest;
import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.IdNumbers;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.Outcome;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random-ish day of a hall: tickets issued on every channel and class (some with ID numbers), windows opened,
 * paused, resumed and closed, calls, recalls, starts, completions, no-shows, reinstatements, transfers,
 * cancellations, pins, appointments (booked, cancelled, checked in, missed, blocks lifted), the clock moving on
 * and now and then the day closing. Confined to one thread per script;
 * several scripts may drive one dispatcher at once.
 */
final class HallScript {

    /** ID numbers a script hands in: one of a citizen over 60 (green channel), two younger ones. */
    static final String[] ID_NUMBERS = {
        IdNumbers.withCheck("11010519491231002"),
        IdNumbers.withCheck("11010519900307123"),
        IdNumbers.withCheck("44030620010715456"),
    };

    private static final Staff[] STAFF = {new Staff("0571", "王营定"), new Staff("0632", "李晓明"),
        new Staff("0701", "张三")};

    private final Dispatcher dispatcher;
    private final VirtualClock clock;
    private final Random random;
    private final HallDefinition hall;
    private final List<Long> issued = new ArrayList<>();
    private final List<Long> noShows = new ArrayList<>();

    HallScript(Dispatcher dispatcher, VirtualClock clock, long seed) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.random = new Random(seed);
        this.hall = dispatcher.hall();
    }

    /** Runs {@code commands} random commands and returns the events they caused, in the order they returned. */
    List<Event> run(int commands) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            Outcome o = step();
            if (o instanceof Event e) {
                events.add(e);
            }
        }
        return events;
    }

    /** One random command. */
    Outcome step() {
        if (clock != null && random.nextInt(4) == 0) {
            clock.advanceMillis(random.nextInt(5 * 60_000));
        }
        String window = hall.windows().get(random.nextInt(hall.windows().size())).id();
        int r = random.nextInt(100);
        Outcome o;
        if (r < 28) {
            o = dispatcher.issue(issueRequest());
        } else if (r < 33) {
            o = dispatcher.openWindow(window, STAFF[random.nextInt(STAFF.length)]);
        } else if (r < 48) {
            o = dispatcher.callNext(window);
        } else if (r < 52) {
            o = dispatcher.recall(window);
        } else if (r < 63) {
            o = dispatcher.start(window);
        } else if (r < 74) {
            o = dispatcher.complete(window);
        } else if (r < 78) {
            o = dispatcher.noShow(window);
        } else if (r < 81) {
            o = noShows.isEmpty() ? dispatcher.callNext(window)
                    : dispatcher.reinstate(noShows.remove(random.nextInt(noShows.size())));
        } else if (r < 84) {
            o = dispatcher.transfer(window, hall.categories().get(random.nextInt(hall.categories().size())).code());
        } else if (r < 87) {
            o = issued.isEmpty() ? dispatcher.callNext(window)
                    : dispatcher.cancel(issued.get(random.nextInt(issued.size())));
        } else if (r < 88) {
            o = issued.isEmpty() ? dispatcher.callNext(window)
                    : dispatcher.pin(issued.get(random.nextInt(issued.size())), "孕妇优先");
        } else if (r < 89) {
            o = issued.isEmpty() ? dispatcher.callNext(window)
                    : dispatcher.replaceTrackLink(issued.get(random.nextInt(issued.size())),
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        } else if (r < 92) {
            o = dispatcher.pauseWindow(window);
        } else if (r < 95) {
            o = dispatcher.resumeWindow(window);
        } else if (r < 96) {
            o = dispatcher.closeWindow(window);
        } else if (r < 99) {
            o = appointment();
        } else {
            o = dispatcher.closeDay();
        }
        if (o instanceof Event.TicketIssued i) {
            issued.add(i.ticket().id());
        } else if (o instanceof Event.TicketNoShow ns) {
            noShows.add(ns.ticket().id());
        }
        return o;
    }

    /** Book, cancel, check in, mark the missed ones, lift a block: most are refused, some go through. */
    private Outcome appointment() {
        if (random.nextInt(4) == 0) {
            clock.advanceMillis(random.nextInt(6 * 3_600_000)); // hours pass: slots start, windows close
        }
        ZoneId zone = hall.zone();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        int r = random.nextInt(20);
        if (r < 12) {
            String category = hall.categories().get(random.nextInt(2)).code();
            LocalDateTime start = today.plusDays(1 + random.nextInt(2)).atTime(hall.open())
                    .plusMinutes(30L * random.nextInt(17));
            return dispatcher.book(new BookingRequest(category, start, ID_NUMBERS[random.nextInt(ID_NUMBERS.length)],
                    "13800138000", "secret-hash-" + random.nextInt(1000)));
        } else if (r < 13) {
            List<Booking> day = dispatcher.bookings().on(today.plusDays(random.nextInt(2)));
            return day.isEmpty() ? dispatcher.markMissedAppointments()
                    : dispatcher.cancelBooking(day.get(random.nextInt(day.size())).id());
        } else if (r < 15) {
            long now = clock.millis();
            for (Booking b : dispatcher.bookings().on(today)) {
                if (b.state() == BookingState.BOOKED && now >= b.startMillis() - 30 * 60_000L) {
                    return random.nextBoolean()
                            ? dispatcher.checkIn(new CheckInRequest(b.code(), null, Channel.KIOSK, null))
                            : dispatcher.checkIn(new CheckInRequest(null, ID_NUMBERS[random.nextInt(ID_NUMBERS.length)],
                                    Channel.GUIDE, Long.toHexString(random.nextLong())));
                }
            }
            return dispatcher.markMissedAppointments();
        } else if (r < 18) {
            return dispatcher.markMissedAppointments();
        }
        Outcome lifted = null;
        for (String idNumber : ID_NUMBERS) {
            lifted = dispatcher.liftBookingBlock(idNumber, "请假证明");
            if (lifted instanceof Event) {
                break;
            }
        }
        return lifted;
    }

    private IssueRequest issueRequest() {
        String category = hall.categories().get(random.nextInt(hall.categories().size())).code();
        Priority priority = random.nextInt(10) == 0 ? Priority.GREEN
                : random.nextInt(10) == 0 ? Priority.APPOINTMENT : Priority.NORMAL;
        Channel channel = Channel.values()[random.nextInt(Channel.values().length)];
        String idNumber = random.nextInt(5) == 0 ? ID_NUMBERS[random.nextInt(ID_NUMBERS.length)] : null;
        String appointment = priority == Priority.APPOINTMENT ? "APT-" + random.nextInt(10_000) : null;
        String track = random.nextBoolean() ? Long.toHexString(random.nextLong()) : null;
        return new IssueRequest(category, priority, channel, idNumber, appointment, track);
    }
}
