package io.onewindow.bench;

import io.onewindow.bench.support.BenchHalls;
import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.Outcome;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap bytes per waiting ticket: issues {@code tickets} tickets (default 1,000,000) into one hall without calling
 * any, and divides the growth of the used heap, each side measured after full collections, by the number of
 * tickets. Everything the hall keeps for a waiting ticket counts: the ticket, its nodes in the line and in the id
 * index, and the share of the event ring that still holds recent TicketIssued events.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.onewindow.bench.WaitingTicketFootprint [tickets] [impl...]
 * </pre>
 * {@code impl} is {@code lockfree} (default) and/or {@code locked}. Results on stdout, one line per impl.
 */
public final class WaitingTicketFootprint {

    private WaitingTicketFootprint() {
    }

    public static void main(String[] args) {
        int tickets = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        List<String> impls = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            impls.add(args[i]);
        }
        if (impls.isEmpty()) {
            impls.add(BenchHalls.LOCKFREE);
        }
        System.out.printf("java %s, %s, max heap %d MB%n", System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory() >> 20);
        for (String impl : impls) {
            measure(impl, Math.min(tickets, 10_000)); // warm the code up, then throw it away
            measure(impl, tickets);
        }
    }

    private static void measure(String impl, int tickets) {
        Dispatcher d = BenchHalls.dispatcher(impl, BenchHalls.universalHall(BenchHalls.WINDOWS), Clock.systemUTC());
        IssueRequest request = IssueRequest.of(BenchHalls.CATEGORY);
        // one ticket first, so the state's arrays and the first day's bookkeeping are in the baseline
        require(d.issue(request));
        long before = HeapInUse.afterFullGc();
        long startNanos = System.nanoTime();
        for (int i = 0; i < tickets; i++) {
            require(d.issue(request));
        }
        long issueNanos = System.nanoTime() - startNanos;
        long after = HeapInUse.afterFullGc();
        int waiting = d.snapshot().waiting();
        if (waiting != tickets + 1) {
            throw new IllegalStateException(waiting + " tickets waiting, expected " + (tickets + 1));
        }
        Reference.reachabilityFence(d);
        if (tickets >= 100_000) {
            System.out.printf("%s: %,d waiting tickets, heap %,d -> %,d bytes: %.1f bytes per waiting ticket"
                            + " (issued at %,.0f tickets/s into a growing line)%n",
                    impl, tickets, before, after, (after - before) / (double) tickets,
                    tickets / (issueNanos / 1e9));
        }
    }

    private static void require(Outcome o) {
        if (!(o instanceof Event)) {
            throw new IllegalStateException("issue refused: " + o);
        }
    }
}
