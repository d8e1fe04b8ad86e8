package io.onewindow.core;

import static io.onewindow.core.TestHalls.openAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kiosks issuing and windows calling at once, from many threads, while subscribers read the events: every ticket
 * is called at most once, none is lost, and every subscriber sees a gap-free, ordered sequence that replays to
 * the same hall.
 */
class DispatcherStressTest {

    private static final int KIOSKS = 3;
    private static final int TICKETS_PER_KIOSK = 4_000;
    private static final String[] WINDOWS = {"1", "2", "3", "4", "5"};
    private static final int SUBSCRIBERS = 2;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lockfree", "locked"})
    @Timeout(120)
    void shouldCallEveryTicketExactlyOnceAndPublishAGapFreeSequence(String impl) throws Exception {
        BiFunction<HallDefinition, Clock, Dispatcher> make =
                impl.equals("lockfree") ? TestHalls::lockFree : TestHalls::locked;
        HallDefinition hall = TestHalls.hall("\"priorityRatio\":2,");
        Dispatcher d = make.apply(hall, Clock.systemUTC());
        openAll(d);
        long startSeq = d.snapshot().seq();
        int total = KIOSKS * TICKETS_PER_KIOSK;
        Set<Long> issued = ConcurrentHashMap.newKeySet();
        Set<Long> calledOnce = ConcurrentHashMap.newKeySet();
        AtomicInteger calledTwice = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger kiosksDone = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();

        for (int k = 0; k < KIOSKS; k++) {
            int kiosk = k;
            threads.add(new Thread(() -> {
                await(go);
                String[] categories = {"A", "B", "C"};
                for (int i = 0; i < TICKETS_PER_KIOSK; i++) {
                    Priority p = i % 7 == 0 ? Priority.GREEN : Priority.NORMAL;
                    Outcome o = d.issue(IssueRequest.of(categories[(i + kiosk) % 3], p));
                    if (o instanceof Event.TicketIssued ti) {
                        issued.add(ti.ticket().id());
                    } else {
                        failures.incrementAndGet();
                    }
                }
                kiosksDone.incrementAndGet();
            }, "kiosk-" + k));
        }
        for (String w : WINDOWS) {
            threads.add(new Thread(() -> {
                await(go);
                while (true) {
                    Outcome o = d.callNext(w);
                    if (o instanceof Event.TicketCalled c) {
                        if (!calledOnce.add(c.ticket().id())) {
                            calledTwice.incrementAndGet();
                        }
                        if (!(d.start(w) instanceof Event.ServiceStarted)
                                || !(d.complete(w) instanceof Event.ServiceCompleted)) {
                            failures.incrementAndGet();
                        }
                        completed.incrementAndGet();
                    } else if (kiosksDone.get() == KIOSKS && d.snapshot().waiting() == 0) {
                        return;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "window-" + w));
        }
        List<List<Event>> seen = new ArrayList<>();
        AtomicLong subscriberErrors = new AtomicLong();
        AtomicInteger windowsDone = new AtomicInteger();
        for (int s = 0; s < SUBSCRIBERS; s++) {
            List<Event> events = new ArrayList<>();
            seen.add(events);
            Subscription sub = d.events().subscribe(startSeq);
            threads.add(new Thread(() -> {
                await(go);
                long expected = startSeq + 1;
                while (true) {
                    boolean finished = windowsDone.get() == WINDOWS.length;
                    List<Event> batch = new ArrayList<>();
                    int n = sub.poll(batch::add, 256);
                    if (n == Subscription.LAGGED) {
                        subscriberErrors.incrementAndGet();
                        return;
                    }
                    for (Event e : batch) {
                        if (e.seq() != expected++) {
                            subscriberErrors.incrementAndGet();
                        }
                        events.add(e);
                    }
                    if (n == 0) {
                        if (finished && sub.position() == d.snapshot().seq()) {
                            return;
                        }
                        Thread.onSpinWait();
                    }
                }
            }, "subscriber-" + s));
        }

        List<Thread> windowThreads = threads.stream().filter(t -> t.getName().startsWith("window-")).toList();
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            if (t.getName().startsWith("subscriber-")) {
                continue;
            }
            t.join();
            if (windowThreads.contains(t)) {
                windowsDone.incrementAndGet();
            }
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(failures.get()).isZero();
        assertThat(calledTwice.get()).as("tickets called twice").isZero();
        assertThat(issued).hasSize(total);
        assertThat(calledOnce).as("every issued ticket called, none lost").isEqualTo(issued);
        assertThat(completed.get()).isEqualTo(total);
        assertThat(d.snapshot().waiting()).isZero();
        assertThat(subscriberErrors.get()).as("gaps, disorder or lag seen by subscribers").isZero();
        long expectedEvents = d.snapshot().seq() - startSeq;
        assertThat(expectedEvents).isEqualTo(4L * total);
        for (List<Event> events : seen) {
            assertThat(events).hasSize((int) expectedEvents);
        }
        Dispatcher replayed = TestHalls.lockFree(hall, Clock.systemUTC());
        openAll(replayed);
        seen.get(0).forEach(replayed::replay);
        assertThat(DispatcherContract.describe(replayed.snapshot()))
                .isEqualTo(DispatcherContract.describe(d.snapshot()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
