package io.onewindow.core.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.InvalidHallDefinitionException;
import io.onewindow.core.Priority;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of the simulator's and the planner's configs, refusing each bad one with an
 * {@link InvalidSimulationConfigException} that names it. Immutable (static).
 */
final class ConfigFields {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SERVICE_FIELDS = Set.of("distribution", "meanSeconds", "sdSeconds");

    private ConfigFields() {
    }

    static ObjectNode root(String json) {
        try {
            return object(JSON.readTree(json), "$");
        } catch (JsonProcessingException e) {
            throw new InvalidSimulationConfigException("$", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    static ObjectNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new InvalidSimulationConfigException(path, "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    static void unknownFields(ObjectNode n, Set<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new InvalidSimulationConfigException(prefix + f, "unknown field");
            }
        }
    }

    static JsonNode require(ObjectNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidSimulationConfigException(prefix + field, "is required");
        }
        return v;
    }

    static HallDefinition hall(ObjectNode root) {
        JsonNode h = require(root, "hall", "");
        try {
            return HallDefinitions.fromJson(h);
        } catch (InvalidHallDefinitionException e) {
            String f = e.field().equals("$") ? "hall" : "hall." + e.field();
            throw new InvalidSimulationConfigException(f, e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** A number within [min, max] (or (min, max] when {@code minExclusive}); {@code dflt} when absent. */
    static double number(ObjectNode n, String field, String prefix, Double dflt, double min, boolean minExclusive,
                         double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw new InvalidSimulationConfigException(prefix + field, "is required");
            }
            return dflt;
        }
        double d = v.asDouble();
        if (!v.isNumber() || Double.isNaN(d) || (minExclusive ? d <= min : d < min) || d > max) {
            throw new InvalidSimulationConfigException(prefix + field, "must be a number "
                    + (minExclusive ? "greater than " : "from ") + fmt(min) + (minExclusive ? " up to " : " to ")
                    + fmt(max) + (v.isNumber() ? ", was " + v.asText() : ""));
        }
        return d;
    }

    static long whole(ObjectNode n, String field, String prefix, long dflt, long min, long max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new InvalidSimulationConfigException(prefix + field,
                    "must be a whole number from " + min + " to " + max);
        }
        return v.asLong();
    }

    static boolean bool(ObjectNode n, String field, boolean dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new InvalidSimulationConfigException(field, "must be true or false");
        }
        return v.asBoolean();
    }

    static LocalTime time(JsonNode v, String path, LocalTime dflt) {
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw new InvalidSimulationConfigException(path, "is required");
            }
            return dflt;
        }
        try {
            if (v.isTextual()) {
                return LocalTime.parse(v.asText());
            }
        } catch (DateTimeParseException e) {
            // fall through to the refusal
        }
        throw new InvalidSimulationConfigException(path, "must be a local time \"HH:mm\"" + (v.isTextual()
                ? ", was \"" + v.asText() + "\"" : ""));
    }

    static LocalDate date(JsonNode v, String path, LocalDate dflt) {
        if (v == null || v.isNull()) {
            return dflt;
        }
        try {
            if (v.isTextual()) {
                return LocalDate.parse(v.asText());
            }
        } catch (DateTimeParseException e) {
            // fall through to the refusal
        }
        throw new InvalidSimulationConfigException(path, "must be a date \"yyyy-MM-dd\"");
    }

    static Priority priority(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return Priority.NORMAL;
        }
        if (v.isTextual()) {
            for (Priority p : Priority.values()) {
                if (p.name().equals(v.asText().toUpperCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new InvalidSimulationConfigException(path, "must be one of GREEN, APPOINTMENT, NORMAL");
    }

    static String category(JsonNode v, String path, HallDefinition hall) {
        if (v == null || v.isNull()) {
            throw new InvalidSimulationConfigException(path, "is required");
        }
        if (!v.isTextual() || hall.categoryIndex(v.asText()) < 0) {
            throw new InvalidSimulationConfigException(path, "the hall has no category " + v);
        }
        return v.asText();
    }

    /** The "service" object: a handling-time distribution per category code. */
    static Map<String, ServiceTime> service(ObjectNode root, HallDefinition hall) {
        ObjectNode s = object(require(root, "service", ""), "service");
        Map<String, ServiceTime> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "service." + e.getKey();
            if (hall.categoryIndex(e.getKey()) < 0) {
                throw new InvalidSimulationConfigException(at, "the hall has no category \"" + e.getKey() + "\"");
            }
            ObjectNode d = object(e.getValue(), at);
            unknownFields(d, SERVICE_FIELDS, at + ".");
            JsonNode dist = d.get("distribution");
            String name = dist == null || dist.isNull() ? "exponential" : dist.asText();
            double mean = number(d, "meanSeconds", at + ".", null, 0, true, 86_400);
            switch (name) {
                case "exponential" -> {
                    if (d.has("sdSeconds")) {
                        throw new InvalidSimulationConfigException(at + ".sdSeconds",
                                "an exponential distribution has sd = mean: leave it out");
                    }
                    out.put(e.getKey(), new ServiceTime.Exponential(mean));
                }
                case "lognormal" -> out.put(e.getKey(), new ServiceTime.LogNormal(mean,
                        number(d, "sdSeconds", at + ".", null, 0, true, 864_000)));
                default -> throw new InvalidSimulationConfigException(at + ".distribution",
                        "must be \"exponential\" or \"lognormal\", was " + dist);
            }
        }
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
