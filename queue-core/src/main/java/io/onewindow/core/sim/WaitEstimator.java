package io.onewindow.core.sim;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.TicketView;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.core.metrics.WaitEstimate;

/**
 * What the simulator asks for the estimated wait it shows a citizen at issue, so that it can measure how wrong
 * the estimate turns out. Confined to the thread of one simulation run; fed every event of that run's hall in
 * sequence order.
 */
public interface WaitEstimator {

    /** Feeds one event of the hall, in sequence order. */
    void record(Event event);

    /** The estimated wait of a ticket just issued, as the hall would tell its holder. */
    WaitEstimate estimatedWait(HallSnapshot snapshot, TicketView ticket, long nowMillis);

    /** The production estimator: the hall's {@link HallMetrics}, as the hall server uses it. */
    static WaitEstimator hallMetrics(HallDefinition hall) {
        HallMetrics metrics = new HallMetrics(hall);
        return new WaitEstimator() {
            @Override
            public void record(Event event) {
                metrics.record(event);
            }

            @Override
            public WaitEstimate estimatedWait(HallSnapshot snapshot, TicketView ticket, long nowMillis) {
                return metrics.estimatedWait(snapshot, ticket, nowMillis);
            }
        };
    }
}
