package io.onewindow.core;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A hall (大厅): its categories, its windows and the rules of its line. Immutable.
 *
 * <p>Built by {@link HallDefinitions#parse(String)} from the JSON of API.md, which checks every field; the
 * constructor checks the invariants that the rest of the core relies on and resolves each window's profile
 * to category indices once, so that dispatch never looks a code up.
 *
 * @param maxWaitMinutes a ticket waiting longer is treated as one class higher (aging); 0 for strict priority
 * @param priorityRatio  after this many priority calls in a row a window takes the oldest normal ticket; 0 for never
 * @param recallLimit    recalls allowed before a recall turns into a no-show
 * @param reinstateAfter a reinstated no-show is placed after this many waiting tickets (过号重排)
 * @param calendar       the days the hall opens; {@link HallCalendar#EVERY_DAY} without one
 * @param appointments   the rules of online booking, or null when the hall takes no appointments
 * @param evaluation     the hall's 好差评 settings; {@link EvaluationRules#DEFAULTS} without them
 */
public record HallDefinition(String id, String name, ZoneId zone, LocalTime open, LocalTime close,
                             int maxWaitMinutes, int priorityRatio, int recallLimit, int reinstateAfter,
                             List<Category> categories, List<WindowDefinition> windows, HallCalendar calendar,
                             AppointmentRules appointments, EvaluationRules evaluation) {

    /** A hall with the default evaluation settings. */
    public HallDefinition(String id, String name, ZoneId zone, LocalTime open, LocalTime close, int maxWaitMinutes,
                          int priorityRatio, int recallLimit, int reinstateAfter, List<Category> categories,
                          List<WindowDefinition> windows, HallCalendar calendar, AppointmentRules appointments) {
        this(id, name, zone, open, close, maxWaitMinutes, priorityRatio, recallLimit, reinstateAfter, categories,
                windows, calendar, appointments, EvaluationRules.DEFAULTS);
    }

    /** A hall open every day that takes no appointments. */
    public HallDefinition(String id, String name, ZoneId zone, LocalTime open, LocalTime close, int maxWaitMinutes,
                          int priorityRatio, int recallLimit, int reinstateAfter, List<Category> categories,
                          List<WindowDefinition> windows) {
        this(id, name, zone, open, close, maxWaitMinutes, priorityRatio, recallLimit, reinstateAfter, categories,
                windows, HallCalendar.EVERY_DAY, null);
    }

    public HallDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(calendar, "calendar");
        evaluation = evaluation == null ? EvaluationRules.DEFAULTS : evaluation;
        categories = List.copyOf(categories);
        windows = List.copyOf(windows);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("categories must not be empty");
        }
        if (maxWaitMinutes < 0 || priorityRatio < 0 || recallLimit < 0 || reinstateAfter < 0) {
            throw new IllegalArgumentException("maxWaitMinutes, priorityRatio, recallLimit and reinstateAfter must be >= 0");
        }
        Set<String> codes = new LinkedHashSet<>();
        for (Category c : categories) {
            if (!codes.add(c.code())) {
                throw new IllegalArgumentException("duplicate category code " + c.code());
            }
        }
        if (appointments != null) {
            for (String code : appointments.perSlot().keySet()) {
                if (!codes.contains(code)) {
                    throw new IllegalArgumentException("appointments.perSlot names unknown category " + code);
                }
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        for (WindowDefinition w : windows) {
            if (!ids.add(w.id())) {
                throw new IllegalArgumentException("duplicate window id " + w.id());
            }
            for (String code : w.primary()) {
                if (!code.equals("*") && !codes.contains(code)) {
                    throw new IllegalArgumentException("window " + w.id() + " serves unknown category " + code);
                }
            }
            for (String code : w.secondary()) {
                if (!code.equals("*") && !codes.contains(code)) {
                    throw new IllegalArgumentException("window " + w.id() + " serves unknown category " + code);
                }
            }
        }
    }

    /** The index of the category with this code, or -1. */
    public int categoryIndex(String code) {
        List<Category> cs = categories;
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).code().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the window with this id, or -1. */
    public int windowIndex(String windowId) {
        List<WindowDefinition> ws = windows;
        for (int i = 0; i < ws.size(); i++) {
            if (ws.get(i).id().equals(windowId)) {
                return i;
            }
        }
        return -1;
    }

    /** The category with this code, or null. */
    public Category category(String code) {
        int i = categoryIndex(code);
        return i < 0 ? null : categories.get(i);
    }

    /** The window with this id, or null. */
    public WindowDefinition window(String windowId) {
        int i = windowIndex(windowId);
        return i < 0 ? null : windows.get(i);
    }

    /**
     * The category indices a window serves in each tier: {@code [0]} primary, {@code [1]} secondary (without the
     * primary ones). {@code *} expands to every category, in the order of the definition.
     */
    public int[][] profile(int windowIndex) {
        WindowDefinition w = windows.get(windowIndex);
        int[] primary = resolve(w.primary(), Set.of());
        Set<Integer> taken = new java.util.HashSet<>();
        for (int p : primary) {
            taken.add(p);
        }
        int[] secondary = resolve(w.secondary(), taken);
        return new int[][] {primary, secondary};
    }

    private int[] resolve(List<String> codes, Set<Integer> exclude) {
        LinkedHashSet<Integer> out = new LinkedHashSet<>();
        for (String code : codes) {
            if (code.equals("*")) {
                for (int i = 0; i < categories.size(); i++) {
                    out.add(i);
                }
            } else {
                out.add(categoryIndex(code));
            }
        }
        out.removeAll(exclude);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the window serves the category in either tier. */
    public boolean serves(int windowIndex, int categoryIndex) {
        int[][] p = profile(windowIndex);
        for (int[] tier : p) {
            for (int c : tier) {
                if (c == categoryIndex) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Categories by code, for callers that look up often. */
    public Map<String, Category> categoriesByCode() {
        Map<String, Category> m = new HashMap<>();
        for (Category c : categories) {
            m.put(c.code(), c);
        }
        return m;
    }
}
