package io.onewindow.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the hall definition of API.md from JSON and refuses every invalid one with an
 * {@link InvalidHallDefinitionException} naming the field. Immutable (static).
 *
 * <pre>
 * {"id":"demo","name":"市行政服务中心公安窗口","timezone":"Asia/Shanghai",
 *  "open":"08:30","close":"17:00","maxWaitMinutes":30,"priorityRatio":3,"recallLimit":2,"reinstateAfter":3,
 *  "categories":[{"code":"A","name":"户籍","prefix":"A","width":3,"dailyCap":300,
 *                 "issueHours":{"from":"08:30","until":"16:30"}}],
 *  "windows":[{"id":"1","name":"1号窗口","primary":["*"]},{"id":"5","name":"5号窗口","primary":["B"],"secondary":["A"]}]}
 * </pre>
 * Optional {@code "calendar":{"closedDays":["SAT","SUN"],"holidays":["2027-01-01"],"workdays":["2027-02-14"]}}
 * (without it the hall opens every day) and {@code "appointments":{...}} (API.md's fields and defaults; without
 * it the hall takes no appointments; without {@code perSlot}, 4 places per slot of the first category) and
 * {@code "evaluation":{"padTimeoutSeconds":60,"periodDays":7,"defaultRating":0,"regionCode":""}} (the 好差评
 * settings, {@link EvaluationRules}; defaults shown: no default rating).
 * Defaults: timezone Asia/Shanghai, open 08:30, close 17:00, maxWaitMinutes and priorityRatio 0 (strict priority),
 * recallLimit 2, reinstateAfter 3, width 3, no daily cap, no issue hours, no secondary categories.
 */
public final class HallDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HALL_FIELDS = Set.of("id", "name", "timezone", "open", "close",
            "maxWaitMinutes", "priorityRatio", "recallLimit", "reinstateAfter", "categories", "windows", "calendar",
            "appointments", "evaluation");
    private static final Set<String> EVALUATION_FIELDS = Set.of("padTimeoutSeconds", "periodDays", "defaultRating",
            "regionCode");
    private static final Set<String> CALENDAR_FIELDS = Set.of("closedDays", "holidays", "workdays");
    private static final Set<String> APPOINTMENT_FIELDS = Set.of("slotMinutes", "daysAhead", "bookUntilMinutes",
            "perSlot", "checkInEarlyMinutes", "checkInLateMinutes", "cancelUntilMinutes", "releaseAfterMinutes",
            "perPersonPerWeek", "perPersonPerMonth", "noShowLimit", "noShowWindowDays", "blockDays");
    private static final Set<String> CATEGORY_FIELDS = Set.of("code", "name", "prefix", "width", "dailyCap",
            "issueHours");
    private static final Map<String, DayOfWeek> WEEKDAYS = Map.of("MON", DayOfWeek.MONDAY,
            "TUE", DayOfWeek.TUESDAY, "WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY,
            "SAT", DayOfWeek.SATURDAY, "SUN", DayOfWeek.SUNDAY);

    private static final Set<String> WINDOW_FIELDS = Set.of("id", "name", "primary", "secondary");
    private static final Set<String> HOURS_FIELDS = Set.of("from", "until");

    private HallDefinitions() {
    }

    public static HallDefinition read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static HallDefinition parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidHallDefinitionException("$", "not valid JSON: " + e.getOriginalMessage());
        }
        return fromJson(root);
    }

    /** The definition from a parsed JSON object; the fields are checked as by {@link #parse}. */
    public static HallDefinition fromJson(JsonNode root) {
        ObjectNode hall = object(root, "$");
        unknownFields(hall, HALL_FIELDS, "");
        String id = identifier(hall, "id", "");
        String name = text(hall, "name", "", null);
        ZoneId zone = zone(hall);
        LocalTime open = time(hall, "open", "", LocalTime.of(8, 30));
        LocalTime close = time(hall, "close", "", LocalTime.of(17, 0));
        if (!close.isAfter(open)) {
            throw new InvalidHallDefinitionException("close", "must be after open (" + open + ")");
        }
        int maxWait = count(hall, "maxWaitMinutes", "", 0, 0, 24 * 60);
        int ratio = count(hall, "priorityRatio", "", 0, 0, 1000);
        int recallLimit = count(hall, "recallLimit", "", 2, 0, 100);
        int reinstateAfter = count(hall, "reinstateAfter", "", 3, 0, 10_000);

        List<Category> categories = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        JsonNode cs = require(hall, "categories", "");
        if (!cs.isArray() || cs.isEmpty()) {
            throw new InvalidHallDefinitionException("categories", "must be a non-empty array");
        }
        for (int i = 0; i < cs.size(); i++) {
            String at = "categories[" + i + "]";
            ObjectNode c = object(cs.get(i), at);
            unknownFields(c, CATEGORY_FIELDS, at + ".");
            String code = identifier(c, "code", at + ".");
            if (!codes.add(code)) {
                throw new InvalidHallDefinitionException(at + ".code", "duplicate category code \"" + code + "\"");
            }
            String prefix = text(c, "prefix", at + ".", null);
            if (!prefix.matches("[A-Z]{1,3}")) {
                throw new InvalidHallDefinitionException(at + ".prefix",
                        "must be 1 to 3 capital letters, was \"" + prefix + "\"");
            }
            if (!prefixes.add(prefix)) {
                throw new InvalidHallDefinitionException(at + ".prefix", "duplicate prefix \"" + prefix
                        + "\": two categories would print the same numbers");
            }
            int width = count(c, "width", at + ".", 3, 1, 9);
            int cap = count(c, "dailyCap", at + ".", 0, 0, 1_000_000);
            LocalTime from = null;
            LocalTime until = null;
            if (c.has("issueHours")) {
                ObjectNode h = object(c.get("issueHours"), at + ".issueHours");
                unknownFields(h, HOURS_FIELDS, at + ".issueHours.");
                from = time(h, "from", at + ".issueHours.", null);
                until = time(h, "until", at + ".issueHours.", null);
                if (from != null && until != null && !until.isAfter(from)) {
                    throw new InvalidHallDefinitionException(at + ".issueHours.until", "must be after from");
                }
            }
            categories.add(new Category(code, text(c, "name", at + ".", null), prefix, width, cap, from, until));
        }

        List<WindowDefinition> windows = new ArrayList<>();
        Set<String> windowIds = new HashSet<>();
        JsonNode ws = require(hall, "windows", "");
        if (!ws.isArray() || ws.isEmpty()) {
            throw new InvalidHallDefinitionException("windows", "must be a non-empty array");
        }
        for (int i = 0; i < ws.size(); i++) {
            String at = "windows[" + i + "]";
            ObjectNode w = object(ws.get(i), at);
            unknownFields(w, WINDOW_FIELDS, at + ".");
            String wid = identifier(w, "id", at + ".");
            if (!windowIds.add(wid)) {
                throw new InvalidHallDefinitionException(at + ".id", "duplicate window id \"" + wid + "\"");
            }
            List<String> primary = profile(w, "primary", at, codes, true);
            List<String> secondary = profile(w, "secondary", at, codes, false);
            for (String s : secondary) {
                if (primary.contains(s) || primary.contains("*")) {
                    throw new InvalidHallDefinitionException(at + ".secondary",
                            "category \"" + s + "\" is already primary");
                }
            }
            windows.add(new WindowDefinition(wid, text(w, "name", at + ".", null), primary, secondary));
        }
        HallCalendar calendar = calendar(hall.get("calendar"));
        AppointmentRules appointments = appointments(hall.get("appointments"), codes, open, close);
        return new HallDefinition(id, name, zone, open, close, maxWait, ratio, recallLimit, reinstateAfter,
                categories, windows, calendar, appointments, evaluation(hall.get("evaluation")));
    }

    private static EvaluationRules evaluation(JsonNode n) {
        if (n == null || n.isNull()) {
            return EvaluationRules.DEFAULTS;
        }
        String at = "evaluation.";
        ObjectNode e = object(n, "evaluation");
        unknownFields(e, EVALUATION_FIELDS, at);
        int defaultRating = count(e, "defaultRating", at, 0, 0, 5);
        if (defaultRating == 1 || defaultRating == 2) {
            throw new InvalidHallDefinitionException(at + "defaultRating",
                    "must be 3, 4 or 5, or 0 for none: a default rating is never a 差评");
        }
        String region = text(e, "regionCode", at, "");
        if (!region.isEmpty() && !region.matches("[0-9]{6,12}")) {
            throw new InvalidHallDefinitionException(at + "regionCode", "must be 6 to 12 digits (行政区划代码)");
        }
        return new EvaluationRules(count(e, "padTimeoutSeconds", at, 60, 5, 3600), count(e, "periodDays", at, 7, 1,
                366), defaultRating, region);
    }

    private static HallCalendar calendar(JsonNode n) {
        if (n == null || n.isNull()) {
            return HallCalendar.EVERY_DAY;
        }
        ObjectNode c = object(n, "calendar");
        unknownFields(c, CALENDAR_FIELDS, "calendar.");
        Set<DayOfWeek> closed = new HashSet<>();
        for (String d : strings(c, "closedDays")) {
            DayOfWeek day = WEEKDAYS.get(d);
            if (day == null) {
                throw new InvalidHallDefinitionException("calendar.closedDays",
                        "\"" + d + "\" is not one of MON, TUE, WED, THU, FRI, SAT, SUN");
            }
            closed.add(day);
        }
        return new HallCalendar(closed, dates(c, "holidays"), dates(c, "workdays"));
    }

    private static List<String> strings(ObjectNode c, String field) {
        JsonNode v = c.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new InvalidHallDefinitionException("calendar." + field, "must be an array of strings");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new InvalidHallDefinitionException("calendar." + field + "[" + i + "]", "must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    private static Set<LocalDate> dates(ObjectNode c, String field) {
        Set<LocalDate> out = new HashSet<>();
        List<String> ss = strings(c, field);
        for (int i = 0; i < ss.size(); i++) {
            try {
                out.add(LocalDate.parse(ss.get(i)));
            } catch (DateTimeParseException e) {
                throw new InvalidHallDefinitionException("calendar." + field + "[" + i + "]",
                        "must be a date \"YYYY-MM-DD\", was \"" + ss.get(i) + "\"");
            }
        }
        return out;
    }

    private static AppointmentRules appointments(JsonNode n, Set<String> codes, LocalTime open, LocalTime close) {
        if (n == null || n.isNull()) {
            return null;
        }
        String at = "appointments.";
        ObjectNode a = object(n, "appointments");
        unknownFields(a, APPOINTMENT_FIELDS, at);
        Map<String, Integer> perSlot = new HashMap<>();
        JsonNode ps = a.get("perSlot");
        if (ps == null || ps.isNull()) {
            perSlot.put(codes.iterator().next(), 4);
        } else {
            ObjectNode quotas = object(ps, at + "perSlot");
            for (Iterator<String> it = quotas.fieldNames(); it.hasNext();) {
                String code = it.next();
                if (!codes.contains(code)) {
                    throw new InvalidHallDefinitionException(at + "perSlot." + code, "unknown category");
                }
                perSlot.put(code, count(quotas, code, at + "perSlot.", 0, 0, 10_000));
            }
        }
        int slotMinutes = count(a, "slotMinutes", at, 30, 5, 24 * 60);
        if (Duration.between(open, close).toMinutes() < slotMinutes) {
            throw new InvalidHallDefinitionException(at + "slotMinutes", "is longer than the hall's opening hours");
        }
        return new AppointmentRules(slotMinutes, count(a, "daysAhead", at, 5, 0, 366),
                count(a, "bookUntilMinutes", at, 60, 0, 7 * 24 * 60), perSlot,
                count(a, "checkInEarlyMinutes", at, 30, 0, 24 * 60), count(a, "checkInLateMinutes", at, 15, 0, 24 * 60),
                count(a, "cancelUntilMinutes", at, 120, 0, 7 * 24 * 60),
                count(a, "releaseAfterMinutes", at, 30, 0, 7 * 24 * 60), count(a, "perPersonPerWeek", at, 2, 1, 100),
                count(a, "perPersonPerMonth", at, 6, 1, 1000), count(a, "noShowLimit", at, 2, 1, 100),
                count(a, "noShowWindowDays", at, 30, 1, 366), count(a, "blockDays", at, 30, 0, 366));
    }

    private static List<String> profile(ObjectNode w, String field, String at, Set<String> codes,
                                        boolean required) {
        String path = at + "." + field;
        JsonNode n = w.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidHallDefinitionException(path, "is required: the categories the window serves");
            }
            return List.of();
        }
        if (!n.isArray() || (required && n.isEmpty())) {
            throw new InvalidHallDefinitionException(path, required ? "must be a non-empty array of category codes"
                    : "must be an array of category codes");
        }
        List<String> out = new ArrayList<>();
        for (int j = 0; j < n.size(); j++) {
            JsonNode e = n.get(j);
            String p = path + "[" + j + "]";
            if (!e.isTextual()) {
                throw new InvalidHallDefinitionException(p, "must be a category code or \"*\"");
            }
            String code = e.asText();
            if (!code.equals("*") && !codes.contains(code)) {
                throw new InvalidHallDefinitionException(p, "unknown category \"" + code + "\"");
            }
            if (out.contains(code)) {
                throw new InvalidHallDefinitionException(p, "category \"" + code + "\" is listed twice");
            }
            out.add(code);
        }
        return out;
    }

    private static ObjectNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new InvalidHallDefinitionException(path, "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static void unknownFields(ObjectNode n, Set<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new InvalidHallDefinitionException(prefix + f, "unknown field");
            }
        }
    }

    private static JsonNode require(ObjectNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidHallDefinitionException(prefix + field, "is required");
        }
        return v;
    }

    private static String text(ObjectNode n, String field, String prefix, String dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (dflt != null) {
                return dflt;
            }
            throw new InvalidHallDefinitionException(prefix + field, "is required");
        }
        if (!v.isTextual()) {
            throw new InvalidHallDefinitionException(prefix + field, "must be a string");
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            throw new InvalidHallDefinitionException(prefix + field, "must not be empty");
        }
        if (s.length() > 64) {
            throw new InvalidHallDefinitionException(prefix + field, "must be at most 64 characters");
        }
        return s;
    }

    private static String identifier(ObjectNode n, String field, String prefix) {
        String s = text(n, field, prefix, null);
        if (!s.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new InvalidHallDefinitionException(prefix + field,
                    "must be 1 to 32 letters, digits, '-' or '_', was \"" + s + "\"");
        }
        return s;
    }

    private static int count(ObjectNode n, String field, String prefix, int dflt, int min, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new InvalidHallDefinitionException(prefix + field,
                    "must be a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static LocalTime time(ObjectNode n, String field, String prefix, LocalTime dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new InvalidHallDefinitionException(prefix + field, "must be a local time \"HH:mm\"");
        }
        try {
            return LocalTime.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidHallDefinitionException(prefix + field,
                    "must be a local time \"HH:mm\", was \"" + v.asText() + "\"");
        }
    }

    private static ZoneId zone(ObjectNode hall) {
        JsonNode v = hall.get("timezone");
        if (v == null || v.isNull()) {
            return ZoneId.of("Asia/Shanghai");
        }
        if (!v.isTextual()) {
            throw new InvalidHallDefinitionException("timezone", "must be a time zone id such as \"Asia/Shanghai\"");
        }
        try {
            return ZoneId.of(v.asText());
        } catch (DateTimeException e) {
            throw new InvalidHallDefinitionException("timezone", "unknown time zone \"" + v.asText() + "\"");
        }
    }

    /** The demo hall: 户籍 A, 出入境 B, 车驾管 C; five windows, two of them universal. */
    public static HallDefinition demo() {
        return parse("""
                {"id":"demo","name":"市行政服务中心公安窗口","timezone":"Asia/Shanghai",
                 "open":"08:30","close":"17:00","maxWaitMinutes":30,"priorityRatio":3,"recallLimit":2,
                 "reinstateAfter":3,
                 "categories":[{"code":"A","name":"户籍","prefix":"A"},
                               {"code":"B","name":"出入境","prefix":"B"},
                               {"code":"C","name":"车驾管","prefix":"C"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]},
                            {"id":"2","name":"2号窗口","primary":["*"]},
                            {"id":"3","name":"3号窗口","primary":["A"],"secondary":["B"]},
                            {"id":"4","name":"4号窗口","primary":["B"],"secondary":["A"]},
                            {"id":"5","name":"5号窗口","primary":["C"]}],
                 "appointments":{"perSlot":{"A":4,"B":4}}}
                """);
    }
}
