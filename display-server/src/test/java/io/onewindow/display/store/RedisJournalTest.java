package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Category;
import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.core.Staff;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.journal.Recovery;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RedisJournalTest {

    private static final byte[] SALT = "onewindow-test-salt-0123456789".getBytes(StandardCharsets.UTF_8);
    /** 21:00 in Shanghai: the scripts below run past the hall's midnight, into a second day's stream. */
    private static final Instant MONDAY_EVENING = Instant.parse("2026-11-23T13:00:00Z");

    private static TestRedis redis;
    private static Vertx vertx;
    private static Redis client;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, redis.url());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }

    /** The demo hall under a fresh id, so that each test has keys of its own. */
    private static HallDefinition freshHall() {
        HallDefinition demo = HallDefinitions.demo();
        return new HallDefinition("t" + UUID.randomUUID().toString().substring(0, 8), demo.name(), demo.zone(),
                demo.open(), demo.close(), demo.maxWaitMinutes(), demo.priorityRatio(), demo.recallLimit(),
                demo.reinstateAfter(), demo.categories(), demo.windows());
    }

    /** Service cycles at five windows (issue, call, start, complete, now and then a no-show) with time passing. */
    private static List<Event> cycles(Dispatcher d, VirtualClock clock, int commands, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        String[] staff = {"王营定", "李晓明", "张三", "赵四", "钱五"};
        for (int w = 1; w <= 5; w++) {
            add(events, d.openWindow(String.valueOf(w), new Staff("07" + w, staff[w - 1])));
        }
        for (int i = 0; i < commands; i++) {
            clock.advanceMillis(random.nextInt(60_000));
            String window = String.valueOf(1 + random.nextInt(5));
            int r = random.nextInt(10);
            if (r < 4) {
                String category = List.of("A", "B", "C").get(random.nextInt(3));
                add(events, d.issue(IssueRequest.of(category, random.nextInt(8) == 0 ? Priority.GREEN
                        : Priority.NORMAL)));
            } else if (r < 6) {
                add(events, d.callNext(window));
            } else if (r < 8) {
                add(events, d.start(window));
            } else if (r < 9) {
                add(events, d.complete(window));
            } else {
                add(events, d.noShow(window));
            }
        }
        return events;
    }

    private static void add(List<Event> events, Outcome o) {
        if (o instanceof Event e) {
            events.add(e);
        }
    }

    private static void appendAll(RedisJournal journal, List<Event> events) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Event e : events) {
            acks.add(journal.append(e));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private static Response send(Request r) throws Exception {
        return client.send(r).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReplayEveryEventAppendedInAnyOrderAcrossDays() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        List<Event> events = cycles(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, 600, 1);
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(2));
        RedisJournal writer = new RedisJournal(vertx, client, hall);
        writer.replay(e -> { });

        appendAll(writer, shuffled);
        writer.close();

        assertThat(writer.durableSeq()).isEqualTo(events.size());
        Response days = send(Request.cmd(Command.ZRANGE).arg(RedisStreams.daysKey(hall.id())).arg(0).arg(-1));
        assertThat(days.size()).as("the script ran past midnight into a second day").isEqualTo(2);
        Response firstDay = send(Request.cmd(Command.XLEN).arg(RedisStreams.streamKey(hall.id(),
                LocalDate.of(2026, 11, 23))));
        assertThat(firstDay.toLong()).isBetween(1L, (long) events.size() - 1);
        List<Event> replayed = new ArrayList<>();
        RedisJournal restarted = new RedisJournal(vertx, client, hall);
        restarted.replay(replayed::add);
        assertThat(replayed).isEqualTo(events);
        assertThat(restarted.durableSeq()).isEqualTo(events.size());
        restarted.close();
    }

    @Test
    void shouldBringBackTheSameHallInARestartedInstanceAndGoOnNumbering() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        LockFreeDispatcher first = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        RedisJournal journal = new RedisJournal(vertx, client, hall);
        List<Event> told = Collections.synchronizedList(new ArrayList<>());
        journal.addDurableListener(told::add);
        int threads = 3;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<Void>> acks = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = 10 + t;
            Thread w = new Thread(() -> {
                try {
                    go.await();
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        clock.advanceMillis(random.nextInt(20_000));
                        String window = String.valueOf(1 + random.nextInt(5));
                        Outcome o = switch (random.nextInt(6)) {
                            case 0, 1 -> first.issue(IssueRequest.of(List.of("A", "B", "C").get(random.nextInt(3))));
                            case 2 -> first.callNext(window);
                            case 3 -> first.start(window);
                            case 4 -> first.complete(window);
                            default -> first.openWindow(window, new Staff("0" + window, "窗口员" + window));
                        };
                        if (o instanceof Event e) {
                            acks.add(journal.append(e));
                        }
                    }
                } catch (Throwable e) {
                    failures.incrementAndGet();
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        journal.close();
        assertThat(failures).hasValue(0);
        assertThat(told).extracting(Event::seq).as("listeners heard every event once, in order")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, first.snapshot().seq())
                        .boxed().toList());

        LockFreeDispatcher second = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        RedisJournal reopened = new RedisJournal(vertx, client, hall);
        Recovery.Result result = Recovery.replay(reopened, second);

        assertThat(result.lastSeq()).isEqualTo(first.snapshot().seq());
        assertSameHall(first.snapshot(), second.snapshot());
        Event.TicketIssued next = (Event.TicketIssued) second.issue(IssueRequest.of("A"));
        reopened.append(next).get(10, TimeUnit.SECONDS);
        assertThat(next.seq()).isEqualTo(result.lastSeq() + 1);
        assertThat(next.ticket().serial()).isEqualTo(first.snapshot().lastSerial("A") + 1);
        assertThat(reopened.durableSeq()).isEqualTo(next.seq());
        reopened.close();
    }

    @Test
    void shouldFollowTheHallFromAnotherInstanceInOrderAcrossDays() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(SALT));
        List<Event> events = cycles(dispatcher, clock, 600, 3);
        int already = events.size() / 3;
        RedisJournal owner = new RedisJournal(vertx, client, hall);
        owner.replay(e -> { });
        appendAll(owner, events.subList(0, already));
        RedisJournal replica = new RedisJournal(vertx, client, hall);
        List<Event> followed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(events.size() - 10);

        RedisFollower follower = replica.follow(10, e -> {
            followed.add(e);
            all.countDown();
        });
        appendAll(owner, events.subList(already, events.size()));

        assertThat(all.await(90, TimeUnit.SECONDS)).as("the follower saw every event").isTrue();
        assertThat(followed).isEqualTo(events.subList(10, events.size()));
        assertThat(follower.position()).isEqualTo(events.size());
        assertThat(events.get(events.size() - 1).atMillis() - events.get(0).atMillis())
                .as("the events cross the hall's midnight").isGreaterThan(3 * 3_600_000L);
        follower.close();
        follower.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS);
        owner.close();
        replica.close();
    }

    @Test
    void shouldFollowAHallThatHasNoEventYet() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        List<Event> events = cycles(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, 100, 8);
        RedisJournal replica = new RedisJournal(vertx, client, hall);
        List<Event> followed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(events.size());
        RedisFollower follower = replica.follow(0, e -> {
            followed.add(e);
            all.countDown();
        });
        RedisJournal owner = new RedisJournal(vertx, client, hall);
        owner.replay(e -> { });

        appendAll(owner, events);

        assertThat(all.await(90, TimeUnit.SECONDS)).as("the follower saw every event").isTrue();
        assertThat(followed).isEqualTo(events);
        follower.close();
        owner.close();
        replica.close();
    }

    @Test
    void shouldCompleteAnEventOnlyAfterEveryEarlierOne() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        List<Event> events = cycles(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, 50, 4);
        RedisJournal journal = new RedisJournal(vertx, client, hall);
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> acks = new ArrayList<>();

        for (int i = events.size() - 1; i >= 0; i--) {
            Event e = events.get(i);
            acks.add(journal.append(e).thenRun(() -> {
                if (journal.durableSeq() < e.seq()) {
                    wrong.add("event " + e.seq() + " completed at durable " + journal.durableSeq());
                }
            }));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(wrong).isEmpty();
        Response stored = send(Request.cmd(Command.XRANGE).arg(RedisStreams.streamKey(hall.id(),
                LocalDate.of(2026, 11, 23))).arg("-").arg("+"));
        List<String> ids = new ArrayList<>();
        stored.forEach(entry -> ids.add(entry.get(0).toString()));
        assertThat(ids).containsExactlyElementsOf(events.stream().map(e -> e.seq() + "-0").toList());
        journal.close();
    }

    @Test
    void shouldRefuseASecondWriterThatForksTheHall() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        List<Event> mine = cycles(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, 30, 5);
        VirtualClock otherClock = new VirtualClock(MONDAY_EVENING.plusSeconds(1));
        LockFreeDispatcher other = new LockFreeDispatcher(hall, otherClock, new PersonKeys(SALT));
        Event theirs = (Event) other.issue(IssueRequest.of("B"));
        RedisJournal owner = new RedisJournal(vertx, client, hall);
        appendAll(owner, mine);
        RedisJournal intruder = new RedisJournal(vertx, client, hall);

        CompletableFuture<Void> refused = intruder.append(theirs);

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class); // seq 1 is journaled already
        List<Event> replayed = new ArrayList<>();
        RedisJournal reader = new RedisJournal(vertx, client, hall);
        reader.replay(replayed::add);
        assertThat(replayed).isEqualTo(mine);
        owner.close();
        intruder.close();
        reader.close();
    }

    @Test
    void shouldRefuseADivergentEventUnderAJournaledNumber() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        List<Event> mine = cycles(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, 30, 6);
        Event theirs = (Event) new LockFreeDispatcher(hall, new VirtualClock(MONDAY_EVENING.plusSeconds(1)),
                new PersonKeys(SALT)).issue(IssueRequest.of("B"));
        RedisJournal owner = new RedisJournal(vertx, client, hall);
        owner.replay(e -> { });
        // a writer that believes it is at the start (it never read the hall) sends its own event 1
        RedisJournal blind = new RedisJournal(vertx, client, hall);
        blind.replay(e -> { });
        appendAll(owner, mine);

        CompletableFuture<Void> refused = blind.append(theirs);

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasMessageContaining("DIVERGED");
        owner.close();
        blind.close();
    }

    @Test
    void shouldSendAgainWhatALostConnectionLeftUnacknowledged() throws Exception {
        HallDefinition hall = freshHall();
        VirtualClock clock = new VirtualClock(MONDAY_EVENING);
        List<Event> events = cycles(new LockFreeDispatcher(hall, clock, new PersonKeys(SALT)), clock, 600, 7);
        int third = events.size() / 3;
        RedisJournal journal = new RedisJournal(vertx, client, hall);
        journal.replay(e -> { });
        appendAll(journal, events.subList(0, third));
        List<CompletableFuture<Void>> acks = new ArrayList<>();

        for (Event e : events.subList(third, 2 * third)) {
            acks.add(journal.append(e));
        }
        send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("normal")); // every connection but this one
        for (Event e : events.subList(2 * third, events.size())) {
            acks.add(journal.append(e));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(journal.durableSeq()).isEqualTo(events.size());
        List<Event> replayed = new ArrayList<>();
        RedisJournal reader = new RedisJournal(vertx, client, hall);
        reader.replay(replayed::add);
        assertThat(replayed).as("every event once, in order, after the reconnection").isEqualTo(events);
        journal.close();
        reader.close();
    }

    /** What a user of the hall would compare: line, windows, numbers, sequence. */
    static void assertSameHall(HallSnapshot expected, HallSnapshot actual) {
        assertThat(actual.seq()).isEqualTo(expected.seq());
        assertThat(actual.waitingTickets()).isEqualTo(expected.waitingTickets());
        assertThat(actual.windows()).isEqualTo(expected.windows());
        for (Category c : expected.hall().categories()) {
            assertThat(actual.lastSerial(c.code())).isEqualTo(expected.lastSerial(c.code()));
            assertThat(actual.next(c.code(), 1000)).isEqualTo(expected.next(c.code(), 1000));
        }
    }
}
