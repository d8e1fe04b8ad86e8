package io.onewindow.core;

import static io.onewindow.core.TestHalls.staff;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One long random command script on both dispatchers: equal outcomes, equal events, equal halls; and the events
 * replayed into a third dispatcher rebuild the same hall.
 */
class DispatcherEquivalenceTest {

    private static final int COMMANDS = 20_000;
    private static final String[] CATEGORIES = {"A", "B", "C", "Z"};
    private static final String[] WINDOWS = {"1", "2", "3", "4", "5", "9"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 2026})
    @Timeout(60)
    void shouldGiveEqualResultsAndEventsOnBothDispatchers(long seed) {
        HallDefinition hall = TestHalls.hall("\"maxWaitMinutes\":20,\"priorityRatio\":2,");
        VirtualClock lockFreeClock = TestHalls.morning();
        VirtualClock lockedClock = TestHalls.morning();
        Dispatcher lockFree = new LockFreeDispatcher(hall, lockFreeClock, TestHalls.KEYS, 1 << 16);
        Dispatcher locked = new LockedDispatcher(hall, lockedClock, TestHalls.KEYS, 1 << 16);
        Subscription lockFreeEvents = lockFree.events().subscribe(0);
        Subscription lockedEvents = locked.events().subscribe(0);
        SplittableRandom random = new SplittableRandom(seed);
        int accepted = 0;
        List<Long> noShows = new ArrayList<>();

        for (int i = 0; i < COMMANDS; i++) {
            long advance = random.nextInt(10) < 3 ? random.nextLong(1, 120_000) : 0;
            lockFreeClock.advanceMillis(advance);
            lockedClock.advanceMillis(advance);
            Function<Dispatcher, Outcome> command = randomCommand(random, noShows);

            Outcome a = command.apply(lockFree);
            Outcome b = command.apply(locked);

            assertThat(a).as("command %d", i).isEqualTo(b);
            if (a instanceof Event) {
                accepted++;
            }
            if (a instanceof Event.TicketNoShow ns) {
                noShows.add(ns.ticket().id());
            }
        }

        List<Event> fromLockFree = drain(lockFreeEvents);
        List<Event> fromLocked = drain(lockedEvents);
        assertThat(fromLockFree).hasSize(accepted).isEqualTo(fromLocked);
        assertThat(accepted).as("the script exercises more than refusals").isGreaterThan(COMMANDS / 4);
        assertThat(fromLockFree).extracting(Event::type).contains("TicketIssued", "TicketCalled", "TicketRecalled",
                "ServiceStarted", "ServiceCompleted", "TicketNoShow", "TicketReinstated", "TicketTransferred",
                "TicketCancelled", "TicketPinned", "WindowOpened", "WindowPaused", "WindowResumed", "WindowClosed",
                "DayClosed");
        assertThat(DispatcherContract.describe(lockFree.snapshot()))
                .isEqualTo(DispatcherContract.describe(locked.snapshot()));

        Dispatcher replayed = new LockFreeDispatcher(hall, TestHalls.morning(), TestHalls.KEYS, 1 << 16);
        fromLockFree.forEach(replayed::replay);
        assertThat(DispatcherContract.describe(replayed.snapshot()))
                .isEqualTo(DispatcherContract.describe(lockFree.snapshot()));
    }

    private static List<Event> drain(Subscription s) {
        List<Event> out = new ArrayList<>();
        while (s.poll(out::add, 1024) > 0) {
            // keep reading
        }
        return out;
    }

    private static Function<Dispatcher, Outcome> randomCommand(SplittableRandom r, List<Long> noShows) {
        String window = WINDOWS[r.nextInt(WINDOWS.length)];
        long someTicket = !noShows.isEmpty() && r.nextBoolean() ? noShows.get(r.nextInt(noShows.size()))
                : r.nextLong(1, 2_000);
        int pick = r.nextInt(100);
        if (pick < 25) {
            String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
            Priority p = Priority.values()[r.nextInt(10) < 7 ? 2 : r.nextInt(2)];
            String id = r.nextInt(10) == 0 ? TestHalls.idNumber(1940 + r.nextInt(60), 1 + r.nextInt(12),
                    1 + r.nextInt(28), r.nextInt(5)) : null;
            IssueRequest req = new IssueRequest(category, p, Channel.KIOSK, id, null, null);
            return d -> d.issue(req);
        } else if (pick < 45) {
            return d -> d.callNext(window);
        } else if (pick < 55) {
            return d -> d.start(window);
        } else if (pick < 65) {
            return d -> d.complete(window);
        } else if (pick < 69) {
            return d -> d.recall(window);
        } else if (pick < 73) {
            return d -> d.noShow(window);
        } else if (pick < 77) {
            return d -> d.reinstate(someTicket);
        } else if (pick < 80) {
            String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
            return d -> d.transfer(window, category);
        } else if (pick < 83) {
            return d -> d.cancel(someTicket);
        } else if (pick < 85) {
            String reason = r.nextBoolean() ? "军人优先" : "";
            return d -> d.pin(someTicket, reason);
        } else if (pick < 92) {
            return d -> d.openWindow(window, staff(window));
        } else if (pick < 95) {
            return d -> d.pauseWindow(window);
        } else if (pick < 98) {
            return d -> d.resumeWindow(window);
        } else if (pick < 99) {
            return d -> d.closeWindow(window);
        }
        if (r.nextInt(5) == 0) {
            return Dispatcher::closeDay;
        }
        return d -> d.callNext(window);
    }
}
