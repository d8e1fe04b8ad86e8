package io.onewindow.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.Priority;
import io.onewindow.core.WindowDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The capacity planner's config. Immutable; {@link #parse} refuses a bad config with an
 * {@link InvalidSimulationConfigException} naming the field.
 *
 * <pre>
 * {"hall": { a hall definition },
 *  "arrivalProfile":[{"hour":"08:30","perHour":{"A":40,"B":10}},
 *                    {"hour":"09:00","perHour":{"A":90,"B":{"NORMAL":20,"GREEN":3}}}, ...],
 *  "service":{"A":{"distribution":"exponential","meanSeconds":300}, ...},
 *  "target":{"percentile":90,"maxWaitMinutes":15},
 *  "openOrder":["1","2","3","4","5"], "until":"17:00", "runs":20, "seed":7}
 * </pre>
 * Each profile entry holds from its {@code hour} to the next entry's (the last one until {@code until}, by
 * default one hour); a rate is a number (NORMAL tickets) or an object by priority class. {@code openOrder} is
 * the order in which windows open as more are needed (default: the hall's order; windows not listed never open).
 * Defaults: runs 20, seed 1, noShowRate 0, noShowSeconds 60, date 2026-01-05.
 */
public record PlannerConfig(HallDefinition hall, List<LocalTime> hours, List<ArrivalRate> streams,
                            List<double[]> perHour, LocalTime until, Map<String, ServiceTime> service,
                            double percentile, double maxWaitMinutes, List<String> openOrder, int runs, long seed,
                            double noShowRate, double noShowSeconds, LocalDate date) {

    private static final Set<String> FIELDS = Set.of("hall", "arrivalProfile", "service", "target", "openOrder",
            "until", "runs", "seed", "noShowRate", "noShowSeconds", "date");
    private static final Set<String> ENTRY_FIELDS = Set.of("hour", "perHour");
    private static final Set<String> TARGET_FIELDS = Set.of("percentile", "maxWaitMinutes");

    public PlannerConfig {
        Objects.requireNonNull(hall, "hall");
        hours = List.copyOf(hours);
        streams = List.copyOf(streams);
        perHour = perHour.stream().map(double[]::clone).toList();
        service = Map.copyOf(service);
        openOrder = List.copyOf(openOrder);
        if (hours.isEmpty() || hours.size() != perHour.size()) {
            throw new IllegalArgumentException("one rate row per profile hour, and at least one hour");
        }
        if (openOrder.isEmpty()) {
            throw new IllegalArgumentException("openOrder must not be empty");
        }
    }

    /** The arrival rates per stretch, one per stream: copies, so that the config stays immutable. */
    @Override
    public List<double[]> perHour() {
        return perHour.stream().map(double[]::clone).toList();
    }

    public static PlannerConfig read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static PlannerConfig parse(String json) {
        return fromJson(ConfigFields.root(json));
    }

    public static PlannerConfig fromJson(ObjectNode root) {
        ConfigFields.unknownFields(root, FIELDS, "");
        HallDefinition hall = ConfigFields.hall(root);
        JsonNode profile = ConfigFields.require(root, "arrivalProfile", "");
        if (!profile.isArray() || profile.isEmpty()) {
            throw new InvalidSimulationConfigException("arrivalProfile", "must be a non-empty array");
        }
        List<LocalTime> hours = new ArrayList<>();
        List<ArrivalRate> streams = new ArrayList<>();
        List<List<double[]>> raw = new ArrayList<>(); // per entry: {stream index, rate}
        for (int i = 0; i < profile.size(); i++) {
            String at = "arrivalProfile[" + i + "]";
            ObjectNode e = ConfigFields.object(profile.get(i), at);
            ConfigFields.unknownFields(e, ENTRY_FIELDS, at + ".");
            LocalTime hour = ConfigFields.time(e.get("hour"), at + ".hour", null);
            if (!hours.isEmpty() && !hour.isAfter(hours.get(hours.size() - 1))) {
                throw new InvalidSimulationConfigException(at + ".hour", "must be after the entry before ("
                        + hours.get(hours.size() - 1) + ")");
            }
            hours.add(hour);
            ObjectNode rates = ConfigFields.object(ConfigFields.require(e, "perHour", at + "."), at + ".perHour");
            List<double[]> row = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = rates.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> r = it.next();
                String rat = at + ".perHour." + r.getKey();
                if (hall.categoryIndex(r.getKey()) < 0) {
                    throw new InvalidSimulationConfigException(rat, "the hall has no category \"" + r.getKey()
                            + "\"");
                }
                if (r.getValue().isObject()) {
                    ObjectNode byClass = (ObjectNode) r.getValue();
                    for (Iterator<String> cs = byClass.fieldNames(); cs.hasNext();) {
                        String cls = cs.next();
                        Priority p = ConfigFields.priority(TextNode.valueOf(cls), rat + "." + cls);
                        row.add(new double[] {stream(streams, r.getKey(), p),
                            ConfigFields.number(byClass, cls, rat + ".", null, 0, false, 1_000_000)});
                    }
                } else {
                    row.add(new double[] {stream(streams, r.getKey(), Priority.NORMAL),
                        ConfigFields.number(rates, r.getKey(), at + ".perHour.", null, 0, false, 1_000_000)});
                }
            }
            raw.add(row);
        }
        List<double[]> perHour = new ArrayList<>();
        for (List<double[]> row : raw) {
            double[] rates = new double[streams.size()];
            for (double[] r : row) {
                rates[(int) r[0]] = r[1];
            }
            perHour.add(rates);
        }
        LocalTime last = hours.get(hours.size() - 1);
        LocalTime until = ConfigFields.time(root.get("until"), "until",
                last.isAfter(LocalTime.of(23, 0)) ? LocalTime.MAX : last.plusHours(1));
        if (!until.isAfter(last)) {
            throw new InvalidSimulationConfigException("until", "must be after the last profile hour (" + last
                    + ")");
        }
        Map<String, ServiceTime> service = ConfigFields.service(root, hall);
        for (ArrivalRate s : streams) {
            if (!service.containsKey(s.category())) {
                throw new InvalidSimulationConfigException("service." + s.category(),
                        "is required: the arrival profile names this category");
            }
        }
        ObjectNode target = ConfigFields.object(ConfigFields.require(root, "target", ""), "target");
        ConfigFields.unknownFields(target, TARGET_FIELDS, "target.");
        double percentile = ConfigFields.number(target, "percentile", "target.", null, 0, true, 100);
        double maxWait = ConfigFields.number(target, "maxWaitMinutes", "target.", null, 0, true, 24 * 60);
        List<String> order = new ArrayList<>();
        JsonNode oo = root.get("openOrder");
        if (oo == null || oo.isNull()) {
            hall.windows().stream().map(WindowDefinition::id).forEach(order::add);
        } else {
            if (!oo.isArray() || oo.isEmpty()) {
                throw new InvalidSimulationConfigException("openOrder", "must be a non-empty array of window ids");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < oo.size(); i++) {
                String id = oo.get(i).asText();
                if (!oo.get(i).isTextual() || hall.windowIndex(id) < 0) {
                    throw new InvalidSimulationConfigException("openOrder[" + i + "]", "the hall has no window "
                            + oo.get(i));
                }
                if (!seen.add(id)) {
                    throw new InvalidSimulationConfigException("openOrder[" + i + "]", "window " + id
                            + " is listed twice");
                }
                order.add(id);
            }
        }
        int runs = (int) ConfigFields.whole(root, "runs", "", 20, 1, 10_000);
        long seed = ConfigFields.whole(root, "seed", "", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double noShowRate = ConfigFields.number(root, "noShowRate", "", 0.0, 0, false, 0.99);
        double noShowSeconds = ConfigFields.number(root, "noShowSeconds", "", 60.0, 0, false, 3600);
        LocalDate date = ConfigFields.date(root.get("date"), "date", SimulationConfig.DEFAULT_DATE);
        return new PlannerConfig(hall, hours, streams, perHour, until, service, percentile, maxWait, order, runs,
                seed, noShowRate, noShowSeconds, date);
    }

    private static int stream(List<ArrivalRate> streams, String category, Priority p) {
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).category().equals(category) && streams.get(i).priority() == p) {
                return i;
            }
        }
        streams.add(new ArrivalRate(category, p, 0));
        return streams.size() - 1;
    }
}
