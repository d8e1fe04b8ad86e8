package io.onewindow.bench;

import io.onewindow.bench.support.BenchHalls;
import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.Outcome;
import io.onewindow.core.WindowView;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A ticket's whole cycle on one shared hall: {@code issue}, {@code callNext}, {@code start}, {@code complete}.
 *
 * <p>Every benchmark thread is one kiosk and one window of the same hall ({@link Hall}, {@code Scope.Benchmark}):
 * {@link Window} ({@code Scope.Thread}) takes a distinct window of the 16 universal windows of
 * {@link BenchHalls#universalHall}, so {@code -t N} runs N windows and N kiosks at once on one line. A window may
 * call a ticket another thread issued (one line across windows): that is the point. Every call finds someone,
 * because each thread issues a ticket before it calls, so at any call the hall has issued more tickets than it
 * has called; the line therefore never holds more than N tickets, and every cycle completes. Refusals would be
 * counted and fail the trial at its end, as would a ticket left waiting or held; none occur. The clock is the
 * system clock and the hall has no issue hours and no daily cap.
 *
 * <p>{@code impl} ({@code lockfree}, {@code locked}) selects the dispatcher; one score is one whole cycle (four
 * commands, four state changes, four events).
 *
 * <p>For scale, {@link #arrayBlockingQueue} and {@link #mpmcArrayQueue} do one {@code offer} and one
 * {@code poll} per invocation on one shared queue (the closest queue analogue of one issue and one call: they do
 * not record service start and completion, events, numbers or windows). They do not read {@code impl}, so JMH
 * runs them once whatever {@code -p impl=...} says.
 *
 * <p>Class defaults (overridable on the command line): throughput in operations per second, 1 thread,
 * 1 fork, 3 x 2 s warm-up, 5 x 3 s measurement, a fixed 1 GB heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DispatcherBenchmark {

    /** The hall every thread shares. */
    @State(Scope.Benchmark)
    public static class Hall {

        @Param({BenchHalls.LOCKFREE, BenchHalls.LOCKED})
        public String impl;

        Dispatcher dispatcher;
        String[] windowIds;
        final AtomicInteger nextWindow = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() {
            dispatcher = BenchHalls.dispatcher(impl, BenchHalls.universalHall(BenchHalls.WINDOWS),
                    Clock.systemUTC());
            BenchHalls.openAll(dispatcher);
            windowIds = dispatcher.hall().windows().stream().map(w -> w.id()).toArray(String[]::new);
        }

        /** After the last thread's last cycle: nobody may be left waiting or held at a window. */
        @TearDown(Level.Trial)
        public void check() {
            HallSnapshot s = dispatcher.snapshot();
            if (s.waiting() != 0) {
                throw new IllegalStateException(impl + ": " + s.waiting() + " tickets left waiting");
            }
            List<WindowView> held = s.windows().stream().filter(w -> w.ticket() != null).toList();
            if (!held.isEmpty()) {
                throw new IllegalStateException(impl + ": windows still hold tickets: " + held);
            }
        }
    }

    /** One benchmark thread: a kiosk and a window of its own. */
    @State(Scope.Thread)
    public static class Window {

        final IssueRequest request = IssueRequest.of(BenchHalls.CATEGORY);
        String id;
        long cycles;
        long refusals;
        Outcome firstRefusal;

        @Setup(Level.Trial)
        public void take(Hall hall) {
            int w = hall.nextWindow.getAndIncrement();
            if (w >= hall.windowIds.length) {
                throw new IllegalStateException("the hall has " + hall.windowIds.length + " windows: run at most "
                        + hall.windowIds.length + " threads");
            }
            id = hall.windowIds[w];
        }

        void refused(Outcome o) {
            if (refusals++ == 0) {
                firstRefusal = o;
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            if (refusals > 0) {
                throw new IllegalStateException("window " + id + ": " + refusals + " refusals in " + cycles
                        + " cycles, the first: " + firstRefusal);
            }
        }
    }

    /**
     * One whole cycle of a ticket: issued at this thread's kiosk, called by this thread's window (whichever
     * ticket the policy gives it), started, completed. Returns the completion.
     */
    @Benchmark
    public Outcome cycle(Hall hall, Window window) {
        Dispatcher d = hall.dispatcher;
        String w = window.id;
        Outcome issued = d.issue(window.request);
        if (!(issued instanceof Event)) {
            window.refused(issued);
        }
        Outcome called = d.callNext(w);
        if (!(called instanceof Event)) {
            window.refused(called);
        }
        Outcome started = d.start(w);
        if (!(started instanceof Event)) {
            window.refused(started);
        }
        Outcome completed = d.complete(w);
        if (!(completed instanceof Event)) {
            window.refused(completed);
        }
        window.cycles++;
        return completed;
    }

    /** The queues of the baseline, shared by every thread; far larger than any line the threads make. */
    @State(Scope.Benchmark)
    public static class Queues {
        final ArrayBlockingQueue<Object> arrayBlocking = new ArrayBlockingQueue<>(1024);
        final MpmcArrayQueue<Object> mpmcArray = new MpmcArrayQueue<>(1024);
    }

    /** Failed offers and empty polls of one thread: none may occur (each thread offers before it polls). */
    @State(Scope.Thread)
    public static class QueueMisses {
        final Object element = new Object();
        long misses;

        @TearDown(Level.Trial)
        public void check() {
            if (misses > 0) {
                throw new IllegalStateException(misses + " failed offers or empty polls");
            }
        }
    }

    /** Baseline: one offer and one poll on a shared {@link ArrayBlockingQueue} (one lock). */
    @Benchmark
    public Object arrayBlockingQueue(Queues q, QueueMisses m) {
        if (!q.arrayBlocking.offer(m.element)) {
            m.misses++;
        }
        Object o = q.arrayBlocking.poll();
        if (o == null) {
            m.misses++;
        }
        return o;
    }

    /** Baseline: one offer and one poll on a shared JCTools {@link MpmcArrayQueue} (lock-free). */
    @Benchmark
    public Object mpmcArrayQueue(Queues q, QueueMisses m) {
        if (!q.mpmcArray.offer(m.element)) {
            m.misses++;
        }
        Object o = q.mpmcArray.poll();
        if (o == null) {
            m.misses++;
        }
        return o;
    }
}
