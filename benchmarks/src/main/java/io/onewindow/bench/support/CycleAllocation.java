package io.onewindow.bench.support;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.Outcome;
import java.lang.management.ManagementFactory;
import java.time.Clock;

/**
 * Bytes allocated by each command of a ticket's whole cycle, on one thread, as the JVM counts them
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}): the breakdown behind
 * {@code DispatcherBenchmark.cycle}'s {@code gc.alloc.rate.norm}. Warms up, then measures {@code cycles} cycles
 * (default 1,000,000) per implementation and prints bytes per command on stdout.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.onewindow.bench.support.CycleAllocation [cycles] [impl...]
 * </pre>
 */
public final class CycleAllocation {

    private static final String[] COMMANDS = {"issue", "callNext", "start", "complete"};

    private CycleAllocation() {
    }

    public static void main(String[] args) {
        int cycles = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        String[] impls = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {BenchHalls.LOCKFREE, BenchHalls.LOCKED};
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (String impl : impls) {
            Dispatcher d = BenchHalls.dispatcher(impl, BenchHalls.universalHall(BenchHalls.WINDOWS),
                    Clock.systemUTC());
            BenchHalls.openAll(d);
            String window = d.hall().windows().get(0).id();
            IssueRequest request = IssueRequest.of(BenchHalls.CATEGORY);
            long[] bytes = new long[COMMANDS.length];
            for (int round = 0; round < 2; round++) { // the first round warms up and is thrown away
                java.util.Arrays.fill(bytes, 0);
                for (int i = 0; i < cycles; i++) {
                    long t0 = threads.getThreadAllocatedBytes(self);
                    require(d.issue(request));
                    long t1 = threads.getThreadAllocatedBytes(self);
                    require(d.callNext(window));
                    long t2 = threads.getThreadAllocatedBytes(self);
                    require(d.start(window));
                    long t3 = threads.getThreadAllocatedBytes(self);
                    require(d.complete(window));
                    long t4 = threads.getThreadAllocatedBytes(self);
                    bytes[0] += t1 - t0;
                    bytes[1] += t2 - t1;
                    bytes[2] += t3 - t2;
                    bytes[3] += t4 - t3;
                }
            }
            StringBuilder line = new StringBuilder(impl).append(": bytes per command:");
            long total = 0;
            for (int c = 0; c < COMMANDS.length; c++) {
                line.append(String.format(" %s %.1f,", COMMANDS[c], bytes[c] / (double) cycles));
                total += bytes[c];
            }
            System.out.println(line.append(String.format(" whole cycle %.1f", total / (double) cycles)));
        }
    }

    private static void require(Outcome o) {
        if (!(o instanceof Event)) {
            throw new IllegalStateException("refused: " + o);
        }
    }
}
