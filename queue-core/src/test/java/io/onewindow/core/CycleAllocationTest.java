package io.onewindow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import io.onewindow.core.metrics.HallMetrics;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The allocation budget of the hot path, guarded by the build: a ticket's whole cycle (issue, callNext, start,
 * complete) on one thread, after warm-up, as the JVM counts the thread's allocated bytes
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, exact where a timer is not). The hall is
 * the one {@code DispatcherBenchmark.cycle} uses (one category, 16 universal windows, the system clock), so the
 * figure is the benchmark's {@code gc.alloc.rate.norm}; BENCHMARKS.md gives both. The hall server also records
 * every event into the hall's {@link HallMetrics}: the second figure counts that too, and both must hold.
 */
class CycleAllocationTest {

    /** Bytes per whole cycle the build accepts: half of the 1,296 the dispatcher allocated before. */
    static final long BUDGET_BYTES = 640;
    private static final int WARM_UP_CYCLES = 300_000;
    private static final int MEASURED_CYCLES = 100_000;
    /**
     * Batches measured; the least is kept, so that a batch during which the JIT was still replacing code (whose
     * interim versions may allocate what the final one does not, an iterator or a boxed value) does not count,
     * while an allocation the code really makes shows in every batch.
     */
    private static final int BATCHES = 3;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldKeepTheLockFreeCycleWithinItsAllocationBudget() {
        assertThat(bytesPerCycle(hall -> new LockFreeDispatcher(hall, Clock.systemUTC(), TestHalls.KEYS), false))
                .isLessThanOrEqualTo(BUDGET_BYTES);
    }

    @Test
    void shouldKeepTheLockedCycleWithinTheSameBudget() {
        assertThat(bytesPerCycle(hall -> new LockedDispatcher(hall, Clock.systemUTC(), TestHalls.KEYS), false))
                .isLessThanOrEqualTo(BUDGET_BYTES);
    }

    @Test
    void shouldKeepTheCycleWithinItsBudgetWhenItsEventsAreRecordedInTheMetrics() {
        assertThat(bytesPerCycle(hall -> new LockFreeDispatcher(hall, Clock.systemUTC(), TestHalls.KEYS), true))
                .isLessThanOrEqualTo(BUDGET_BYTES);
    }

    private double bytesPerCycle(Function<HallDefinition, Dispatcher> make, boolean withMetrics) {
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        Dispatcher d = make.apply(universalHall(16));
        for (var w : d.hall().windows()) {
            assertThat(d.openWindow(w.id(), new Staff("s" + w.id(), "工作人员" + w.id())))
                    .isInstanceOf(Event.class);
        }
        String window = d.hall().windows().get(0).id();
        IssueRequest request = IssueRequest.of("A");
        HallMetrics metrics = new HallMetrics(d.hall());
        Subscription events = d.events().subscribe(d.snapshot().seq());
        Consumer<Event> recorder = withMetrics ? metrics::record : e -> { };
        runCycles(d, window, request, events, recorder, WARM_UP_CYCLES);
        long self = Thread.currentThread().getId();
        double perCycle = Double.MAX_VALUE;
        for (int batch = 0; batch < BATCHES; batch++) {
            long before = threads.getThreadAllocatedBytes(self);
            runCycles(d, window, request, events, recorder, MEASURED_CYCLES);
            long after = threads.getThreadAllocatedBytes(self);
            perCycle = Math.min(perCycle, (after - before) / (double) MEASURED_CYCLES);
        }
        assertThat(d.snapshot().waiting()).isZero();
        if (withMetrics) {
            assertThat(metrics.report(d.snapshot(), d.snapshot().lastEventAtMillis()).categories().get("A").today()
                    .served()).isEqualTo(WARM_UP_CYCLES + BATCHES * MEASURED_CYCLES);
        }
        System.out.printf("%s%s: %.1f bytes per whole cycle%n", d.getClass().getSimpleName(),
                withMetrics ? " and HallMetrics" : "", perCycle);
        return perCycle;
    }

    private static void runCycles(Dispatcher d, String window, IssueRequest request, Subscription events,
                                  Consumer<Event> recorder, int cycles) {
        for (int i = 0; i < cycles; i++) {
            if (!(d.issue(request) instanceof Event) || !(d.callNext(window) instanceof Event)
                    || !(d.start(window) instanceof Event) || !(d.complete(window) instanceof Event)) {
                throw new AssertionError("a command of cycle " + i + " was refused");
            }
            if (events.poll(recorder, 8) != 4) {
                throw new AssertionError("cycle " + i + " did not publish its four events");
            }
        }
    }

    /** One category A without cap or issue hours, {@code windows} windows serving every category. */
    static HallDefinition universalHall(int windows) {
        StringBuilder json = new StringBuilder("{\"id\":\"bench\",\"name\":\"基准大厅\",")
                .append("\"timezone\":\"Asia/Shanghai\",\"categories\":[{\"code\":\"A\",\"name\":\"综合\",")
                .append("\"prefix\":\"A\",\"width\":3}],\"windows\":[");
        for (int w = 1; w <= windows; w++) {
            json.append(w > 1 ? "," : "").append("{\"id\":\"").append(w).append("\",\"name\":\"").append(w)
                    .append("号窗口\",\"primary\":[\"*\"]}");
        }
        return HallDefinitions.parse(json.append("]}").toString());
    }
}
