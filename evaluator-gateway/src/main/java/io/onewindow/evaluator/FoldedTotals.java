package io.onewindow.evaluator;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The counts of one hall's folded services: those that completed before the hall's fold horizon (see
 * {@link EvaluationBook}), kept as small totals instead of the services and ratings themselves. Confined to the
 * gateway's context, like the book that holds it; plain Java.
 *
 * <p>Per local date of completion and per {@link Group} (window, staff, matter): the services served, their first
 * ratings by level and channel, and their 追加评价 by level ({@link #counts} layout below). Beside them the same
 * counts over every day, per group, for {@code /metrics} (one small map, so a scrape does not add up every day).
 * <pre>
 *  [0]                                   served
 *  [1 + (level - 1) * CHANNELS + channel] first ratings of that level from that channel (its ordinal)
 *  [1 + 5 * CHANNELS + level - 1]         追加评价 of that level
 * </pre>
 */
final class FoldedTotals {

    /** A group of services counted together: the window, the staff member and the matter. */
    record Group(String window, String staffId, String category) {
    }

    static final int CHANNELS = EvaluationChannel.values().length;
    static final int SERVED = 0;
    static final int SIZE = 1 + 5 * CHANNELS + 5;

    static int first(Level level, EvaluationChannel channel) {
        return 1 + (level.value() - 1) * CHANNELS + channel.ordinal();
    }

    static int addOn(Level level) {
        return 1 + 5 * CHANNELS + level.value() - 1;
    }

    private final TreeMap<LocalDate, Map<Group, int[]>> days = new TreeMap<>();
    private final Map<Group, long[]> all = new HashMap<>();
    /** Group records are shared between days: one per distinct group, not one per day. */
    private final Map<Group, Group> groups = new HashMap<>();

    /** Counts one more at {@code index} for the service {@code s}, which completed on {@code day}. */
    void count(ServiceRecord s, LocalDate day, int index) {
        Group g = groups.computeIfAbsent(new Group(s.window(), s.staffId(), s.category()), k -> k);
        days.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(g, k -> new int[SIZE])[index]++;
        all.computeIfAbsent(g, k -> new long[SIZE])[index]++;
    }

    /** The days from {@code from} to {@code to} (inclusive) with their groups' counts; read-only. */
    NavigableMap<LocalDate, Map<Group, int[]>> days(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            return new TreeMap<>();
        }
        return days.subMap(from, true, to, true);
    }

    /** Every group's counts over all folded days; read-only. */
    Map<Group, long[]> all() {
        return all;
    }

    /** How many (day, group) counts are held. */
    int size() {
        int n = 0;
        for (Map<Group, int[]> d : days.values()) {
            n += d.size();
        }
        return n;
    }
}
