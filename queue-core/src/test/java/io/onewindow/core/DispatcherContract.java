package io.onewindow.core;

import static io.onewindow.core.TestHalls.openAll;
import static io.onewindow.core.TestHalls.staff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's contract, run over both implementations: each state change of DESIGN.md, each refusal, and
 * that a refusal changes nothing.
 */
abstract class DispatcherContract {

    abstract Dispatcher create(HallDefinition hall, Clock clock);

    VirtualClock clock;
    Dispatcher d;

    @BeforeEach
    void setUp() {
        clock = TestHalls.morning();
        d = create(TestHalls.hall(), clock);
        openAll(d);
    }

    // ------------------------------------------------------------------ helpers

    Ticket issue(String category) {
        return issue(IssueRequest.of(category));
    }

    Ticket issue(IssueRequest r) {
        Outcome o = d.issue(r);
        assertThat(o).as("issue %s", r).isInstanceOf(Event.TicketIssued.class);
        return ((Event.TicketIssued) o).ticket();
    }

    Ticket callNext(String window) {
        Outcome o = d.callNext(window);
        assertThat(o).as("call-next at %s", window).isInstanceOf(Event.TicketCalled.class);
        return ((Event.TicketCalled) o).ticket();
    }

    static void assertRefused(Outcome o, Refusal.Code code) {
        assertThat(o).isInstanceOf(Refusal.class);
        assertThat(((Refusal) o).code()).isEqualTo(code);
        assertThat(((Refusal) o).message()).isNotBlank();
    }

    /** Runs a refused command and asserts it changed nothing (same state, same sequence). */
    void assertRefusedAndUnchanged(Supplier<Outcome> command, Refusal.Code code) {
        HallSnapshot before = d.snapshot();
        String queueBefore = describe(before);
        assertRefused(command.get(), code);
        HallSnapshot after = d.snapshot();
        assertThat(after.seq()).isEqualTo(before.seq());
        assertThat(describe(after)).isEqualTo(queueBefore);
    }

    static String describe(HallSnapshot s) {
        StringBuilder b = new StringBuilder("seq=" + s.seq());
        for (Category c : s.hall().categories()) {
            b.append(' ').append(c.code()).append(s.next(c.code(), 100).stream().map(Ticket::number).toList());
        }
        for (WindowView w : s.windows()) {
            b.append(' ').append(w.definition().id()).append(':').append(w.state()).append('/')
                    .append(w.ticket() == null ? "-" : w.ticket().number()).append('/').append(w.ticketState());
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ rebuild after a journal failure

    private List<Event> eventsUpTo(long seq) {
        List<Event> out = new ArrayList<>();
        for (long s = 1; s <= seq; s++) {
            out.add(d.events().get(s));
        }
        return out;
    }

    @Test
    void shouldDropEveryDecisionThatWasNotDurableWhenRebuiltFromTheDurableEvents() {
        Ticket kept = issue("A");
        callNext("1");
        long durableSeq = d.snapshot().seq();
        List<Event> durable = eventsUpTo(durableSeq);
        String durableHall = describe(d.snapshot());

        Ticket lost = issue("A"); // decided, but the journal failed before it was durable
        assertThat(callNext("2").id()).isEqualTo(lost.id());
        assertThat(d.start("2")).isInstanceOf(Event.ServiceStarted.class);
        assertThat(d.complete("2")).isInstanceOf(Event.ServiceCompleted.class);
        Ticket alsoLost = issue("B");

        d.rebuild(durable);

        assertThat(describe(d.snapshot())).isEqualTo(durableHall);
        assertThat(d.events().get(durableSeq + 1)).as("the ring forgot what was not durable").isNull();
        assertThat(d.ticket(lost.id())).as("no history of a ticket that was never durable").isNull();
        assertThat(d.ticket(alsoLost.id())).isNull();
        assertThat(d.ticket(kept.id()).state()).isEqualTo(TicketState.CALLED);
        Ticket next = issue("A");
        assertThat(next.id()).isEqualTo(lost.id());
        assertThat(next.number()).isEqualTo(lost.number());
        assertThat(d.snapshot().seq()).isEqualTo(durableSeq + 1);
        assertThat(d.events().get(durableSeq + 1)).isInstanceOf(Event.TicketIssued.class);
    }

    @Test
    void shouldLabelAMidnightCloseWithTheDayItCloses() {
        issue("A");
        clock.setMillis(LocalDateTime.of(2026, 11, 24, 0, 0, 0, 5_000_000).atZone(TestHalls.SHANGHAI).toInstant()
                .toEpochMilli()); // the timer fires just after the hall's midnight

        Event.DayClosed closed = (Event.DayClosed) d.closeDay();

        assertThat(closed.day()).isEqualTo(java.time.LocalDate.of(2026, 11, 23));
    }

    @Test
    void shouldLabelAStartUpCloseAfterDaysDownWithTheLastDayTheHallWorked() {
        issue("A");
        clock.advance(Duration.ofDays(3));

        Event.DayClosed closed = (Event.DayClosed) d.closeDay();

        assertThat(closed.day()).isEqualTo(java.time.LocalDate.of(2026, 11, 23));
        assertThat(closed.expired()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ issue and numbers

    @Test
    void shouldNumberTicketsPerCategoryWithPrefixAndWidth() {
        Ticket a1 = issue("A");
        Ticket a2 = issue("A");
        Ticket b1 = issue("B");

        assertThat(List.of(a1.number(), a2.number(), b1.number())).containsExactly("A001", "A002", "B001");
        assertThat(d.snapshot().waiting()).isEqualTo(3);
        assertThat(d.snapshot().position(a2.id())).isEqualTo(2);
    }

    @Test
    void shouldFollowA999WithA1000() {
        for (int i = 1; i < 999; i++) {
            issue("A");
        }

        assertThat(issue("A").number()).isEqualTo("A999");
        assertThat(issue("A").number()).isEqualTo("A1000");
    }

    @Test
    void shouldRestartNumbersAtTheHallsLocalMidnightWhateverTheServersZone() {
        clock = TestHalls.at(LocalDateTime.of(2026, 11, 23, 23, 50));
        d = create(TestHalls.hall(), clock);
        issue("A");
        issue("A");
        // 23:59:59 Shanghai is 15:59:59 UTC: a server on UTC would still be in the same day for 8 more hours
        clock.setMillis(TestHalls.instant(LocalDateTime.of(2026, 11, 23, 23, 59, 59)).toEpochMilli());
        assertThat(issue("A").number()).isEqualTo("A003");

        clock.setMillis(TestHalls.instant(LocalDateTime.of(2026, 11, 24, 0, 0, 0)).toEpochMilli());

        assertThat(issue("A").number()).isEqualTo("A001");
        assertThat(issue("B").number()).isEqualTo("B001");
    }

    @Test
    void shouldNotRestartNumbersAtUtcMidnight() {
        clock = TestHalls.at(LocalDateTime.of(2026, 11, 24, 7, 59));
        d = create(TestHalls.hall(), clock);
        issue("A");

        clock.advance(Duration.ofMinutes(2)); // 08:01 Shanghai = 00:01 UTC

        assertThat(issue("A").number()).isEqualTo("A002");
    }

    @Test
    void shouldRefuseAnUnknownCategory() {
        assertRefusedAndUnchanged(() -> d.issue(IssueRequest.of("Z")), Refusal.Code.UNKNOWN_CATEGORY);
    }

    @Test
    void shouldRefuseTicketsPastTheDailyCap() {
        HallDefinition capped = HallDefinitions.parse("""
                {"id":"cap","name":"限号大厅","categories":[{"code":"A","name":"户籍","prefix":"A","dailyCap":2}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}""");
        d = create(capped, clock);
        issue("A");
        issue("A");

        assertRefusedAndUnchanged(() -> d.issue(IssueRequest.of("A")), Refusal.Code.DAILY_CAP_REACHED);

        clock.advance(Duration.ofDays(1));
        assertThat(issue("A").number()).isEqualTo("A001");
    }

    @Test
    void shouldIssueOnlyWithinTheCategorysIssueHours() {
        HallDefinition hours = HallDefinitions.parse("""
                {"id":"h","name":"大厅","categories":[{"code":"A","name":"户籍","prefix":"A",
                  "issueHours":{"from":"08:30","until":"16:30"}}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}""");
        clock = TestHalls.at(LocalDateTime.of(2026, 11, 23, 8, 29));
        d = create(hours, clock);

        assertRefusedAndUnchanged(() -> d.issue(IssueRequest.of("A")), Refusal.Code.OUTSIDE_ISSUE_HOURS);
        clock.advance(Duration.ofMinutes(1));
        issue("A");
        clock.setMillis(TestHalls.instant(LocalDateTime.of(2026, 11, 23, 16, 30)).toEpochMilli());
        assertRefusedAndUnchanged(() -> d.issue(IssueRequest.of("A")), Refusal.Code.OUTSIDE_ISSUE_HOURS);
    }

    @Test
    void shouldGiveTheGreenChannelToACitizenOfSixtyOrMore() {
        Ticket elder = issue(new IssueRequest("A", Priority.NORMAL, Channel.ID_CARD,
                TestHalls.idNumber(1966, 11, 23, 123), null, null)); // 60 today
        Ticket younger = issue(new IssueRequest("A", Priority.NORMAL, Channel.ID_CARD,
                TestHalls.idNumber(1966, 11, 24, 123), null, null)); // 60 tomorrow

        assertThat(elder.priority()).isEqualTo(Priority.GREEN);
        assertThat(younger.priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void shouldKeepOnlyASaltedHashOfTheIdNumber() {
        String id = TestHalls.idNumber(1990, 5, 17, 42);

        Ticket t = issue(new IssueRequest("A", null, Channel.ID_CARD, id, null, null));

        assertThat(t.personKey()).isNotNull().doesNotContain(id).doesNotContain(id.substring(6, 14));
        assertThat(t.toString()).doesNotContain(id);
    }

    @Test
    void shouldRefuseASecondWaitingTicketForTheSamePersonAndCategory() {
        String id = TestHalls.idNumber(1990, 5, 17, 42);
        issue(new IssueRequest("A", null, Channel.ID_CARD, id, null, null));

        assertRefusedAndUnchanged(() -> d.issue(new IssueRequest("A", null, Channel.MOBILE, id, null, null)),
                Refusal.Code.DUPLICATE_TICKET);
        issue(new IssueRequest("B", null, Channel.ID_CARD, id, null, null)); // another category is fine
    }

    @Test
    void shouldAllowANewTicketOnceThePersonsTicketIsCalled() {
        String id = TestHalls.idNumber(1990, 5, 17, 42);
        issue(new IssueRequest("A", null, Channel.ID_CARD, id, null, null));
        callNext("1");

        issue(new IssueRequest("A", null, Channel.ID_CARD, id, null, null));
    }

    @Test
    void shouldRefuseAnInvalidIdNumber() {
        String id = TestHalls.idNumber(1990, 5, 17, 42);
        String wrongCheck = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');

        assertRefusedAndUnchanged(() -> d.issue(new IssueRequest("A", null, null, wrongCheck, null, null)),
                Refusal.Code.BAD_ID_NUMBER);
        assertRefusedAndUnchanged(() -> d.issue(new IssueRequest("A", null, null, "12345", null, null)),
                Refusal.Code.BAD_ID_NUMBER);
    }

    // ------------------------------------------------------------------ the service cycle

    @Test
    void shouldRunTheWholeServiceCycle() {
        Ticket t = issue("A");
        clock.advance(Duration.ofMinutes(4));

        Ticket called = callNext("3");
        assertThat(called.id()).isEqualTo(t.id());
        assertThat(called.firstCalledAtMillis()).isEqualTo(clock.millis());
        assertThat(d.ticket(t.id()).state()).isEqualTo(TicketState.CALLED);
        assertThat(d.ticket(t.id()).window()).isEqualTo("3");

        assertThat(d.start("3")).isInstanceOf(Event.ServiceStarted.class);
        assertThat(d.ticket(t.id()).state()).isEqualTo(TicketState.SERVING);
        clock.advance(Duration.ofMinutes(6));

        Outcome done = d.complete("3");
        assertThat(done).isInstanceOf(Event.ServiceCompleted.class);
        Event.ServiceCompleted c = (Event.ServiceCompleted) done;
        assertThat(c.staff()).isEqualTo(staff("3"));
        assertThat(c.atMillis() - c.startedAtMillis()).isEqualTo(Duration.ofMinutes(6).toMillis());
        assertThat(d.ticket(t.id()).state()).isEqualTo(TicketState.COMPLETED);
        assertThat(d.snapshot().window("3").ticket()).isNull();
        assertThat(d.snapshot().waiting()).isZero();
    }

    @Test
    void shouldAnswerNobodyWaitingWhenTheLineIsEmpty() {
        issue("C"); // window 3 does not serve C

        assertRefusedAndUnchanged(() -> d.callNext("3"), Refusal.Code.NOBODY_WAITING);
    }

    @Test
    void shouldRefuseCallNextWhileTheWindowHoldsATicket() {
        issue("A");
        issue("A");
        callNext("1");

        assertRefusedAndUnchanged(() -> d.callNext("1"), Refusal.Code.WINDOW_BUSY);
        d.start("1");
        assertRefusedAndUnchanged(() -> d.callNext("1"), Refusal.Code.WINDOW_BUSY);
    }

    @Test
    void shouldRefuseCommandsOfAnUnknownWindow() {
        assertRefusedAndUnchanged(() -> d.callNext("99"), Refusal.Code.UNKNOWN_WINDOW);
        assertRefusedAndUnchanged(() -> d.complete("99"), Refusal.Code.UNKNOWN_WINDOW);
        assertRefusedAndUnchanged(() -> d.openWindow("99", staff("9")), Refusal.Code.UNKNOWN_WINDOW);
    }

    @Test
    void shouldRefuseServiceCommandsInTheWrongState() {
        assertRefusedAndUnchanged(() -> d.start("1"), Refusal.Code.NO_CURRENT_TICKET);
        assertRefusedAndUnchanged(() -> d.complete("1"), Refusal.Code.NO_CURRENT_TICKET);
        assertRefusedAndUnchanged(() -> d.recall("1"), Refusal.Code.NO_CURRENT_TICKET);
        assertRefusedAndUnchanged(() -> d.noShow("1"), Refusal.Code.NO_CURRENT_TICKET);
        assertRefusedAndUnchanged(() -> d.transfer("1", "B"), Refusal.Code.NO_CURRENT_TICKET);
        issue("A");
        callNext("1");

        assertRefusedAndUnchanged(() -> d.complete("1"), Refusal.Code.WRONG_STATE);
        d.start("1");
        assertRefusedAndUnchanged(() -> d.start("1"), Refusal.Code.WRONG_STATE);
        assertRefusedAndUnchanged(() -> d.recall("1"), Refusal.Code.WRONG_STATE);
        assertRefusedAndUnchanged(() -> d.noShow("1"), Refusal.Code.WRONG_STATE);
    }

    @Test
    void shouldRecallUpToTheLimitThenMarkNoShow() {
        Ticket t = issue("A");
        callNext("1");
        long firstCall = clock.millis();
        clock.advance(Duration.ofMinutes(1));

        Outcome r1 = d.recall("1");
        Outcome r2 = d.recall("1");
        Outcome r3 = d.recall("1");

        assertThat(((Event.TicketRecalled) r1).recallCount()).isEqualTo(1);
        assertThat(((Event.TicketRecalled) r2).recallCount()).isEqualTo(2);
        assertThat(((Event.TicketRecalled) r2).ticket().firstCalledAtMillis()).isEqualTo(firstCall);
        assertThat(r3).isInstanceOf(Event.TicketNoShow.class);
        assertThat(((Event.TicketNoShow) r3).recallLimitReached()).isTrue();
        assertThat(d.ticket(t.id()).state()).isEqualTo(TicketState.NO_SHOW);
        assertThat(d.snapshot().window("1").ticket()).isNull();
    }

    @Test
    void shouldMarkNoShowAndReinstateAfterKWaitingTickets() {
        Ticket late = issue("A");
        callNext("3");
        assertThat(d.noShow("3")).isInstanceOf(Event.TicketNoShow.class);
        List<Ticket> others = List.of(issue("A"), issue("A"), issue("A"), issue("A"), issue("A"));

        Outcome o = d.reinstate(late.id());

        assertThat(o).isInstanceOf(Event.TicketReinstated.class);
        assertThat(d.ticket(late.id()).state()).isEqualTo(TicketState.WAITING);
        assertThat(d.snapshot().position(late.id())).isEqualTo(4); // after reinstateAfter = 3
        assertThat(d.snapshot().next("A", 10).stream().map(Ticket::number).toList())
                .containsExactly("A002", "A003", "A004", "A001", "A005", "A006");
        assertThat(others).hasSize(5);
    }

    @Test
    void shouldReinstateAtTheEndWhenFewerThanKWait() {
        Ticket late = issue("A");
        callNext("1");
        d.noShow("1");
        issue("A");

        d.reinstate(late.id());

        assertThat(d.snapshot().next("A", 10).stream().map(Ticket::number).toList())
                .containsExactly("A002", "A001");
    }

    @Test
    void shouldRefuseToReinstateATicketThatIsNotANoShow() {
        Ticket t = issue("A");

        assertRefusedAndUnchanged(() -> d.reinstate(t.id()), Refusal.Code.WRONG_STATE);
        assertRefusedAndUnchanged(() -> d.reinstate(12345), Refusal.Code.UNKNOWN_TICKET);
    }

    @Test
    void shouldTransferKeepingTheQueueTime() {
        Ticket early = issue("A");
        clock.advance(Duration.ofMinutes(10));
        Ticket b1 = issue("B");
        callNext("3");
        d.start("3");

        Outcome o = d.transfer("3", "B");

        assertThat(o).isInstanceOf(Event.TicketTransferred.class);
        Event.TicketTransferred tr = (Event.TicketTransferred) o;
        assertThat(tr.fromCategory()).isEqualTo("A");
        assertThat(tr.ticket().category()).isEqualTo("B");
        assertThat(tr.ticket().number()).isEqualTo("A001"); // keeps its number
        assertThat(d.ticket(early.id()).state()).isEqualTo(TicketState.WAITING);
        assertThat(d.snapshot().window("3").ticket()).isNull();
        // it waited since before B001: it is first in B's line
        assertThat(d.snapshot().next("B", 10).stream().map(Ticket::id).toList()).containsExactly(early.id(), b1.id());
        assertThat(callNext("4").id()).isEqualTo(early.id());
    }

    @Test
    void shouldRefuseATransferToTheSameOrAnUnknownCategory() {
        issue("A");
        callNext("1");

        assertRefusedAndUnchanged(() -> d.transfer("1", "A"), Refusal.Code.SAME_CATEGORY);
        assertRefusedAndUnchanged(() -> d.transfer("1", "Z"), Refusal.Code.UNKNOWN_CATEGORY);
    }

    @Test
    void shouldCancelAWaitingTicketOnly() {
        Ticket t = issue("A");
        Ticket u = issue("A");

        assertThat(d.cancel(t.id())).isInstanceOf(Event.TicketCancelled.class);

        assertThat(d.ticket(t.id()).state()).isEqualTo(TicketState.CANCELLED);
        assertThat(d.snapshot().position(u.id())).isEqualTo(1);
        assertRefusedAndUnchanged(() -> d.cancel(t.id()), Refusal.Code.WRONG_STATE);
        callNext("1");
        assertRefusedAndUnchanged(() -> d.cancel(u.id()), Refusal.Code.WRONG_STATE);
        assertRefusedAndUnchanged(() -> d.cancel(999), Refusal.Code.UNKNOWN_TICKET);
    }

    @Test
    void shouldPinAWaitingTicketToTheTopWithAReason() {
        issue("A");
        issue("A");
        Ticket third = issue("A");

        assertRefusedAndUnchanged(() -> d.pin(third.id(), " "), Refusal.Code.BAD_REQUEST);
        assertThat(d.pin(third.id(), "孕妇, 导服员核实")).isInstanceOf(Event.TicketPinned.class);

        assertThat(d.snapshot().position(third.id())).isEqualTo(1);
        assertRefusedAndUnchanged(() -> d.pin(third.id(), "again"), Refusal.Code.WRONG_STATE);
        assertThat(callNext("1").id()).isEqualTo(third.id());
    }

    // ------------------------------------------------------------------ windows and the day

    @Test
    void shouldOpenPauseResumeAndCloseAWindow() {
        d = create(TestHalls.hall(), clock);
        issue("A");
        assertRefusedAndUnchanged(() -> d.callNext("1"), Refusal.Code.WINDOW_NOT_OPEN);
        assertRefusedAndUnchanged(() -> d.openWindow("1", new Staff("", "")), Refusal.Code.BAD_REQUEST);

        assertThat(d.openWindow("1", staff("1"))).isInstanceOf(Event.WindowOpened.class);
        assertThat(d.snapshot().window("1").staff()).isEqualTo(staff("1"));
        assertRefusedAndUnchanged(() -> d.openWindow("1", staff("1")), Refusal.Code.WRONG_STATE);
        assertThat(d.pauseWindow("1")).isInstanceOf(Event.WindowPaused.class);
        assertRefusedAndUnchanged(() -> d.callNext("1"), Refusal.Code.WINDOW_NOT_OPEN);
        assertRefusedAndUnchanged(() -> d.pauseWindow("1"), Refusal.Code.WRONG_STATE);
        assertThat(d.resumeWindow("1")).isInstanceOf(Event.WindowResumed.class);
        assertRefusedAndUnchanged(() -> d.resumeWindow("1"), Refusal.Code.WRONG_STATE);
        callNext("1");
        assertRefusedAndUnchanged(() -> d.closeWindow("1"), Refusal.Code.WINDOW_BUSY);
        d.start("1");
        d.complete("1");

        assertThat(d.closeWindow("1")).isInstanceOf(Event.WindowClosed.class);
        assertThat(d.snapshot().window("1").state()).isEqualTo(WindowState.CLOSED);
        assertThat(d.snapshot().window("1").staff()).isNull();
        assertRefusedAndUnchanged(() -> d.closeWindow("1"), Refusal.Code.WRONG_STATE);
    }

    @Test
    void shouldLetAPausedWindowFinishItsCurrentTicket() {
        issue("A");
        callNext("1");

        d.pauseWindow("1");

        assertThat(d.start("1")).isInstanceOf(Event.ServiceStarted.class);
        assertThat(d.complete("1")).isInstanceOf(Event.ServiceCompleted.class);
    }

    @Test
    void shouldExpireEveryWaitingTicketWhenTheDayCloses() {
        Ticket a = issue("A");
        issue("B");
        Ticket late = issue("C");
        callNext("5");
        d.noShow("5");

        Outcome o = d.closeDay();

        assertThat(o).isInstanceOf(Event.DayClosed.class);
        assertThat(((Event.DayClosed) o).expired()).isEqualTo(2);
        assertThat(d.snapshot().waiting()).isZero();
        assertThat(d.ticket(a.id()).state()).isEqualTo(TicketState.EXPIRED);
        assertThat(d.ticket(late.id()).state()).isEqualTo(TicketState.EXPIRED);
        assertRefusedAndUnchanged(() -> d.reinstate(late.id()), Refusal.Code.WRONG_STATE);
    }

    // ------------------------------------------------------------------ events

    @Test
    void shouldNumberEventsGapFreeAndPublishThemInOrder() {
        Subscription sub = d.events().subscribe(d.snapshot().seq());
        issue("A");
        callNext("1");
        d.start("1");
        d.complete("1");
        d.callNext("1"); // refused: no event

        List<Event> seen = new java.util.ArrayList<>();
        sub.poll(seen::add, 100);

        assertThat(seen).extracting(Event::type)
                .containsExactly("TicketIssued", "TicketCalled", "ServiceStarted", "ServiceCompleted");
        long first = seen.get(0).seq();
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i).seq()).isEqualTo(first + i);
        }
        assertThat(d.snapshot().seq()).isEqualTo(first + 3);
    }

    @Test
    void shouldRebuildTheSameHallByReplayingItsEvents() {
        Subscription sub = d.events().subscribe(0);
        issue("A");
        issue("B");
        Ticket g = issue(IssueRequest.of("A", Priority.GREEN));
        callNext("1");
        d.start("1");
        d.transfer("1", "C");
        callNext("2");
        d.noShow("2");
        d.reinstate(g.id());
        issue("C");
        d.pauseWindow("4");
        List<Event> events = new java.util.ArrayList<>();
        sub.poll(events::add, 1000);

        Dispatcher replayed = create(TestHalls.hall(), clock);
        events.forEach(replayed::replay);

        assertThat(describe(replayed.snapshot())).isEqualTo(describe(d.snapshot()));
        assertThat(replayed.issue(IssueRequest.of("A"))).isEqualTo(d.issue(IssueRequest.of("A")));
    }

    @Test
    void shouldTellASubscriberThatFellBehindTheRing() {
        d = create(TestHalls.hall(), clock);
        Subscription sub = d.events().subscribe(0);
        for (int i = 0; i < AbstractDispatcher.DEFAULT_RING_CAPACITY + 10; i++) {
            d.issue(IssueRequest.of("A"));
        }

        assertThat(sub.poll(e -> { }, 10)).isEqualTo(Subscription.LAGGED);
    }
}
