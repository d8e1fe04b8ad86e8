package io.onewindow.core.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * The planner's answer: for each stretch of the arrival profile, the fewest windows (a prefix of the opening
 * order) that met the target, and what they achieved. Immutable.
 *
 * @param windowHours the sum of open windows times the hours they are open: the staffing the plan costs
 */
public record StaffingPlan(double percentile, double maxWaitMinutes, int runs, long seed, List<Stretch> stretches,
                           double windowHours) {

    public StaffingPlan {
        stretches = List.copyOf(stretches);
    }

    /**
     * @param windows     how many windows are open in this stretch
     * @param open        their ids
     * @param met         whether they met the target (false only when every window of the order did not)
     * @param utilization busy time over open time of those windows in the stretch
     * @param categories  by category code, for the categories with arrivals in this stretch
     * @param oneFewer    what one window fewer achieved (it missed the target), or null when one window met it
     */
    public record Stretch(LocalTime from, LocalTime until, int windows, List<String> open, boolean met,
                          double utilization, Map<String, Achieved> categories, Stretch oneFewer) {
        public Stretch {
            open = List.copyOf(open);
            categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(categories));
        }

        Stretch withOneFewer(Stretch fewer) {
            return new Stretch(from, until, windows, open, met, utilization, categories, fewer);
        }
    }

    /** The waits of the tickets issued in the stretch, pooled over the runs. */
    public record Achieved(double arrivalsPerHour, long served, long unserved, double meanWaitSeconds,
                           double percentileWaitSeconds) {
    }

    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode target = root.putObject("target");
        target.put("percentile", percentile);
        target.put("maxWaitMinutes", maxWaitMinutes);
        root.put("runs", runs);
        root.put("seed", seed);
        root.put("windowHours", Math.round(windowHours * 100) / 100.0);
        String pct = "p" + (percentile == Math.rint(percentile) ? Long.toString((long) percentile)
                : Double.toString(percentile)) + "WaitSeconds";
        ArrayNode plan = root.putArray("plan");
        for (Stretch s : stretches) {
            ObjectNode n = plan.addObject();
            n.put("from", s.from().toString());
            n.put("until", s.until().toString());
            n.put("windows", s.windows());
            ArrayNode open = n.putArray("open");
            s.open().forEach(open::add);
            n.put("met", s.met());
            n.put("utilization", Math.round(s.utilization() * 1000) / 1000.0);
            categories(n.putObject("categories"), s, pct);
            if (s.oneFewer() == null) {
                n.putNull("oneFewer");
            } else {
                ObjectNode f = n.putObject("oneFewer");
                f.put("windows", s.oneFewer().windows());
                f.put("utilization", Math.round(s.oneFewer().utilization() * 1000) / 1000.0);
                categories(f.putObject("categories"), s.oneFewer(), pct);
            }
        }
        return root;
    }

    private static void categories(ObjectNode cs, Stretch s, String pct) {
        s.categories().forEach((code, a) -> {
            ObjectNode c = cs.putObject(code);
            c.put("arrivalsPerHour", a.arrivalsPerHour());
            c.put("served", a.served());
            c.put("unserved", a.unserved());
            SimulationReport.seconds(c, "meanWaitSeconds", a.meanWaitSeconds());
            SimulationReport.seconds(c, pct, a.percentileWaitSeconds());
        });
    }
}
