package io.onewindow.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onewindow.core.HallDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The simulator's config, as in API.md's "Simulator". Immutable; {@link #parse} refuses a bad config with an
 * {@link InvalidSimulationConfigException} naming the field.
 *
 * <pre>
 * {"hall": { a hall definition },
 *  "arrivals":[{"category":"A","priority":"NORMAL","perHour":50},{"category":"A","priority":"GREEN","perHour":5}],
 *  "service":{"A":{"distribution":"exponential","meanSeconds":300},
 *             "B":{"distribution":"lognormal","meanSeconds":420,"sdSeconds":200}},
 *  "hours":8, "warmupHours":0, "runs":10, "seed":42,
 *  "noShowRate":0.05, "noShowSeconds":60, "start":"08:30", "date":"2026-01-05", "eta":true,
 *  "appointments":{"perSlot":{"A":4},"fill":0.9,"spreadMinutes":10,"noShowRate":0.1}}
 * </pre>
 * Defaults: priority NORMAL, distribution exponential, warmupHours 0, runs 10, seed 1, noShowRate 0, noShowSeconds
 * 60 (how long a window waits for a citizen who does not come before staff mark the no-show), start at the hall's
 * opening hour, date 2026-01-05 (a Monday; the date only places the hall's midnights), eta true (measure the
 * error of the hall's wait estimate, which costs a snapshot and an estimate per ticket), no appointments
 * ({@link AppointmentPlan}: booked citizens who arrive around their slot's start and check in).
 *
 * @param hours       length of a run: arrivals stop after it, and the line left then is served
 * @param warmupHours the first hours of a run, whose tickets are not counted
 */
public record SimulationConfig(HallDefinition hall, List<ArrivalRate> arrivals, Map<String, ServiceTime> service,
                               double hours, double warmupHours, int runs, long seed, double noShowRate,
                               double noShowSeconds, LocalTime start, LocalDate date, boolean eta,
                               AppointmentPlan appointments) {

    /** Without appointments. */
    public SimulationConfig(HallDefinition hall, List<ArrivalRate> arrivals, Map<String, ServiceTime> service,
                            double hours, double warmupHours, int runs, long seed, double noShowRate,
                            double noShowSeconds, LocalTime start, LocalDate date, boolean eta) {
        this(hall, arrivals, service, hours, warmupHours, runs, seed, noShowRate, noShowSeconds, start, date, eta,
                null);
    }

    static final LocalDate DEFAULT_DATE = LocalDate.of(2026, 1, 5);
    private static final Set<String> FIELDS = Set.of("hall", "arrivals", "service", "hours", "warmupHours", "runs",
            "seed", "noShowRate", "noShowSeconds", "start", "date", "eta", "appointments");
    private static final Set<String> ARRIVAL_FIELDS = Set.of("category", "priority", "perHour");

    public SimulationConfig {
        Objects.requireNonNull(hall, "hall");
        arrivals = List.copyOf(arrivals);
        service = Map.copyOf(service);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(date, "date");
        if (arrivals.isEmpty()) {
            throw new IllegalArgumentException("arrivals must not be empty");
        }
        for (ArrivalRate a : arrivals) {
            if (hall.categoryIndex(a.category()) < 0) {
                throw new IllegalArgumentException("arrivals: the hall has no category " + a.category());
            }
            if (!service.containsKey(a.category())) {
                throw new IllegalArgumentException("service: no handling time for category " + a.category());
            }
        }
        if (!(hours > 0) || !(warmupHours >= 0) || warmupHours >= hours) {
            throw new IllegalArgumentException("need 0 <= warmupHours < hours, was " + warmupHours + " and " + hours);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, was " + runs);
        }
        if (!(noShowRate >= 0) || noShowRate >= 1 || !(noShowSeconds >= 0)) {
            throw new IllegalArgumentException("need 0 <= noShowRate < 1 and noShowSeconds >= 0");
        }
        if (appointments != null) {
            for (String code : appointments.perSlot().keySet()) {
                if (hall.categoryIndex(code) < 0 || !service.containsKey(code)) {
                    throw new IllegalArgumentException("appointments: category " + code
                            + " is not in the hall or has no handling time");
                }
            }
        }
    }

    public static SimulationConfig read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static SimulationConfig parse(String json) {
        return fromJson(ConfigFields.root(json));
    }

    public static SimulationConfig fromJson(ObjectNode root) {
        ConfigFields.unknownFields(root, FIELDS, "");
        HallDefinition hall = ConfigFields.hall(root);
        JsonNode as = ConfigFields.require(root, "arrivals", "");
        if (!as.isArray() || as.isEmpty()) {
            throw new InvalidSimulationConfigException("arrivals", "must be a non-empty array");
        }
        List<ArrivalRate> arrivals = new ArrayList<>();
        Set<String> streams = new HashSet<>();
        for (int i = 0; i < as.size(); i++) {
            String at = "arrivals[" + i + "]";
            ObjectNode a = ConfigFields.object(as.get(i), at);
            ConfigFields.unknownFields(a, ARRIVAL_FIELDS, at + ".");
            ArrivalRate r = new ArrivalRate(ConfigFields.category(a.get("category"), at + ".category", hall),
                    ConfigFields.priority(a.get("priority"), at + ".priority"),
                    ConfigFields.number(a, "perHour", at + ".", null, 0, false, 1_000_000));
            if (!streams.add(r.category() + "/" + r.priority())) {
                throw new InvalidSimulationConfigException(at, "category " + r.category() + " with priority "
                        + r.priority() + " is listed twice");
            }
            arrivals.add(r);
        }
        Map<String, ServiceTime> service = ConfigFields.service(root, hall);
        for (int i = 0; i < arrivals.size(); i++) {
            if (!service.containsKey(arrivals.get(i).category())) {
                throw new InvalidSimulationConfigException("service." + arrivals.get(i).category(),
                        "is required: arrivals[" + i + "] names this category");
            }
        }
        double hours = ConfigFields.number(root, "hours", "", null, 0, true, 24 * 366);
        double warmup = ConfigFields.number(root, "warmupHours", "", 0.0, 0, false, 24 * 366);
        if (warmup >= hours) {
            throw new InvalidSimulationConfigException("warmupHours", "must be less than hours (" + hours + ")");
        }
        int runs = (int) ConfigFields.whole(root, "runs", "", 10, 1, 100_000);
        long seed = ConfigFields.whole(root, "seed", "", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double noShowRate = ConfigFields.number(root, "noShowRate", "", 0.0, 0, false, 0.99);
        double noShowSeconds = ConfigFields.number(root, "noShowSeconds", "", 60.0, 0, false, 3600);
        LocalTime start = ConfigFields.time(root.get("start"), "start", hall.open());
        LocalDate date = ConfigFields.date(root.get("date"), "date", DEFAULT_DATE);
        boolean eta = ConfigFields.bool(root, "eta", true);
        AppointmentPlan appointments = AppointmentPlan.fromJson(root.get("appointments"), hall);
        if (appointments != null) {
            for (String code : appointments.perSlot().keySet()) {
                if (!service.containsKey(code)) {
                    throw new InvalidSimulationConfigException("service." + code,
                            "is required: appointments.perSlot names this category");
                }
            }
        }
        return new SimulationConfig(hall, arrivals, service, hours, warmup, runs, seed, noShowRate, noShowSeconds,
                start, date, eta, appointments);
    }

    /** The same config with another number of runs. */
    public SimulationConfig withRuns(int n) {
        return new SimulationConfig(hall, arrivals, service, hours, warmupHours, n, seed, noShowRate, noShowSeconds,
                start, date, eta, appointments);
    }

    /** The same config with another seed. */
    public SimulationConfig withSeed(long s) {
        return new SimulationConfig(hall, arrivals, service, hours, warmupHours, runs, s, noShowRate, noShowSeconds,
                start, date, eta, appointments);
    }
}
