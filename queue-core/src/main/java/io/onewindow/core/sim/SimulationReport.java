package io.onewindow.core.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The simulator's report, as in API.md's "Simulator". Immutable. Counts are totals over all runs; times are over
 * every counted ticket of every run pooled; a time is NaN (null in JSON) when nothing was served.
 *
 * @param categories by category code, in the hall's order (only categories with arrivals)
 * @param windows    by window id, in the hall's order
 * @param eta        the error of the hall's wait estimate, or null when it was not measured
 * @param appointments by category code, the booked places and what became of them; empty without appointments
 */
public record SimulationReport(int runs, double hours, double warmupHours, long seed,
                               Map<String, CategoryReport> categories, Map<String, WindowReport> windows,
                               EtaReport eta, Map<String, AppointmentReport> appointments) {

    public SimulationReport {
        appointments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(appointments));
        categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(categories));
        windows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(windows));
    }

    /**
     * @param served                     counted tickets served (called, the citizen came)
     * @param meanWaitHalfWidth95Seconds the 95 % half-width of the mean wait across runs (runs as independent
     *                                   replications), NaN with one run
     * @param noShows                    counted tickets called in vain
     * @param refused                    arrivals refused a ticket (daily cap, issue hours)
     * @param unserved                   counted tickets never called (no open window serves the category)
     * @param byPriority                 by class name, for the classes with arrivals
     */
    public record CategoryReport(long served, double meanWaitSeconds, double meanWaitHalfWidth95Seconds,
                                 double p50WaitSeconds, double p90WaitSeconds, double p99WaitSeconds,
                                 double maxWaitSeconds, long noShows, long refused, long unserved,
                                 Map<String, PriorityReport> byPriority) {
        public CategoryReport {
            byPriority = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byPriority));
        }
    }

    public record PriorityReport(long served, double meanWaitSeconds, double p90WaitSeconds) {
    }

    /**
     * @param booked    places booked in slots inside the counting stretch
     * @param noShows   bookings whose citizen never came (爽约)
     * @param checkedIn bookings checked in
     * @param late      of those, checked in after the APPOINTMENT window (given a NORMAL ticket)
     */
    public record AppointmentReport(long booked, long noShows, long checkedIn, long late) {
    }

    /** @param utilization busy time over the measured time (after the warm-up, before the end) */
    public record WindowReport(double utilization, long served) {
    }

    /**
     * The wait estimate given at issue against the real wait, over served counted tickets.
     *
     * @param meanAbsoluteErrorSeconds      mean of |estimate - actual wait|, the estimate's single figure
     * @param meanErrorSeconds              mean of (estimate - actual): positive when the hall over-promises waiting
     * @param samples                       the tickets compared
     * @param rangeCoverage                 the share of real waits inside the range given [low, high]
     * @param belowRange                    the share shorter than the range's low end
     * @param aboveRange                    the share longer than its high end
     * @param meanRangeSeconds              mean of high - low
     * @param modelMeanAbsoluteErrorSeconds mean of |model - actual wait| for the queue model's figure alone, as the
     *                                      hall gave it before the range (the baseline on the same tickets)
     */
    public record EtaReport(double meanAbsoluteErrorSeconds, double meanErrorSeconds, long samples,
                            double rangeCoverage, double belowRange, double aboveRange, double meanRangeSeconds,
                            double modelMeanAbsoluteErrorSeconds) {
    }

    /** The report as the JSON of API.md (with a few more fields). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("runs", runs);
        root.put("hours", hours);
        root.put("warmupHours", warmupHours);
        root.put("seed", seed);
        ObjectNode cs = root.putObject("categories");
        categories.forEach((code, c) -> {
            ObjectNode n = cs.putObject(code);
            n.put("served", c.served());
            seconds(n, "meanWaitSeconds", c.meanWaitSeconds());
            seconds(n, "meanWaitHalfWidth95Seconds", c.meanWaitHalfWidth95Seconds());
            seconds(n, "p50WaitSeconds", c.p50WaitSeconds());
            seconds(n, "p90WaitSeconds", c.p90WaitSeconds());
            seconds(n, "p99WaitSeconds", c.p99WaitSeconds());
            seconds(n, "maxWaitSeconds", c.maxWaitSeconds());
            n.put("noShows", c.noShows());
            n.put("refused", c.refused());
            n.put("unserved", c.unserved());
            ObjectNode bp = n.putObject("byPriority");
            c.byPriority().forEach((p, r) -> {
                ObjectNode pn = bp.putObject(p);
                pn.put("served", r.served());
                seconds(pn, "meanWaitSeconds", r.meanWaitSeconds());
                seconds(pn, "p90WaitSeconds", r.p90WaitSeconds());
            });
        });
        ObjectNode ws = root.putObject("windows");
        windows.forEach((id, w) -> {
            ObjectNode n = ws.putObject(id);
            n.put("utilization", Math.round(w.utilization() * 1000) / 1000.0);
            n.put("served", w.served());
        });
        if (!appointments.isEmpty()) {
            ObjectNode as = root.putObject("appointments");
            appointments.forEach((code, a) -> as.putObject(code).put("booked", a.booked()).put("noShows", a.noShows())
                    .put("checkedIn", a.checkedIn()).put("late", a.late()));
        }
        if (eta == null) {
            root.putNull("eta");
        } else {
            ObjectNode e = root.putObject("eta");
            seconds(e, "meanAbsoluteErrorSeconds", eta.meanAbsoluteErrorSeconds());
            seconds(e, "meanErrorSeconds", eta.meanErrorSeconds());
            e.put("samples", eta.samples());
            e.put("rangeCoverage", Math.round(eta.rangeCoverage() * 1000) / 1000.0);
            e.put("belowRange", Math.round(eta.belowRange() * 1000) / 1000.0);
            e.put("aboveRange", Math.round(eta.aboveRange() * 1000) / 1000.0);
            seconds(e, "meanRangeSeconds", eta.meanRangeSeconds());
            seconds(e, "modelMeanAbsoluteErrorSeconds", eta.modelMeanAbsoluteErrorSeconds());
        }
        return root;
    }

    /** Seconds to one decimal; NaN as null. */
    static void seconds(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, Math.round(value * 10) / 10.0);
        }
    }
}
