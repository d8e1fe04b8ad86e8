package io.onewindow.evaluator;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The satisfaction figures of DESIGN.md, by hall, window, staff member, matter or day, over the services that
 * completed in a range of the hall's local dates. Immutable (static); computed from the {@link EvaluationBook}.
 *
 * <p>Definitions: 好评率 = ratings 3..5 / ratings; 主动评价好评率 = the same over active ratings only (not the
 * system default); 未评率 = services without a rating / services served; 差评率 = ratings 1..2 / ratings;
 * 差评整改率 = cases rectified / cases; 回访率 = cases called back / cases. A service that got its hall's default
 * rating after the period counts as rated, and on its own as {@code systemDefault}, never as an active rating (so
 * never in 主动评价好评率); a pad request that expired leaves its service unrated. A 追加评价 is not a second rating of
 * its service: the figures count each service's first rating. A rate over nothing is null.
 *
 * <p>The counts are those of the whole history: the hall's folded days ({@link FoldedTotals}, services before the
 * book's horizon) in the range plus the services still held whole in the range; the case counters (cases,
 * rectified, called back, overdue) come from the follow-up cases, which the book keeps whole, each counted by its
 * first rating's service (its completion date and group).
 */
public final class Figures {

    /** How the figures are grouped. */
    public enum By {
        HALL, WINDOW, STAFF, CATEGORY, DAY;

        public static By parse(String s) {
            if (s == null || s.isEmpty()) {
                return HALL;
            }
            for (By b : values()) {
                if (b.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return b;
                }
            }
            return null;
        }
    }

    /** The figures of one group. Counts per level are indexed by level - 1. */
    public record Row(String key, long served, long rated, long activeRated, long[] levels, long good,
                      long activeGood, long bad, long cases, long rectified, long calledBack, long overdue) {

        public long unrated() {
            return served - rated;
        }

        /** Services that got the hall's default rating after the period: rated, but never actively. */
        public long systemDefault() {
            return rated - activeRated;
        }

        public Double goodRate() {
            return rate(good, rated);
        }

        public Double activeGoodRate() {
            return rate(activeGood, activeRated);
        }

        public Double unratedRate() {
            return rate(unrated(), served);
        }

        public Double badRate() {
            return rate(bad, rated);
        }

        public Double rectifyRate() {
            return rate(rectified, cases);
        }

        public Double callbackRate() {
            return rate(calledBack, cases);
        }

        private static Double rate(long part, long whole) {
            return whole == 0 ? null : (double) part / whole;
        }
    }

    private Figures() {
    }

    /** The figures of a hall's services completed from {@code from} to {@code to} (local dates, inclusive). */
    public static List<Row> summary(EvaluationBook book, String hall, LocalDate from, LocalDate to, By by,
                                    LocalDate today) {
        HallSettings h = book.hall(hall);
        ZoneId zone = h.zone();
        Function<ServiceRecord, String> key = switch (by) {
            case HALL -> s -> s.hall();
            case WINDOW -> ServiceRecord::window;
            case STAFF -> ServiceRecord::staffId;
            case CATEGORY -> ServiceRecord::category;
            case DAY -> s -> FollowUpCase.date(s.completedAtMillis(), zone).toString();
        };
        Map<String, long[]> acc = new TreeMap<>();
        for (Map.Entry<LocalDate, Map<FoldedTotals.Group, int[]>> day
                : book.foldedTotals(hall).days(from, to).entrySet()) {
            for (Map.Entry<FoldedTotals.Group, int[]> g : day.getValue().entrySet()) {
                String k = switch (by) {
                    case HALL -> hall;
                    case WINDOW -> g.getKey().window();
                    case STAFF -> g.getKey().staffId();
                    case CATEGORY -> g.getKey().category();
                    case DAY -> day.getKey().toString();
                };
                int[] n = g.getValue();
                long[] a = acc.computeIfAbsent(k, x -> new long[15]);
                a[0] += n[FoldedTotals.SERVED];
                for (Level level : Level.values()) {
                    for (EvaluationChannel ch : EvaluationChannel.values()) {
                        int c = n[FoldedTotals.first(level, ch)];
                        if (c != 0) {
                            rated(a, level, ch, c);
                        }
                    }
                }
            }
        }
        for (ServiceRecord s : book.services(hall)) {
            LocalDate d = FollowUpCase.date(s.completedAtMillis(), zone);
            if (d.isBefore(from) || d.isAfter(to)) {
                continue;
            }
            long[] a = acc.computeIfAbsent(key.apply(s), k -> new long[15]);
            a[0]++;
            Evaluation e = book.ratingOf(s.serviceId());
            if (e != null) {
                rated(a, e.level(), e.channel(), 1);
            }
        }
        for (FollowUpCase c : book.cases(hall, null)) {
            Evaluation e = c.evaluation();
            LocalDate d = FollowUpCase.date(e.service().completedAtMillis(), zone);
            if (e.addOn() || d.isBefore(from) || d.isAfter(to)) {
                continue; // a 追加评价's case is not its service's rating's: the figures count first ratings
            }
            long[] a = acc.computeIfAbsent(key.apply(e.service()), k -> new long[15]);
            a[11]++;
            a[12] += c.rectified() ? 1 : 0;
            a[13] += c.calledBack() ? 1 : 0;
            a[14] += c.overdue(today) ? 1 : 0;
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> en : acc.entrySet()) {
            long[] a = en.getValue();
            long[] levels = {a[2], a[3], a[4], a[5], a[6]};
            rows.add(new Row(en.getKey(), a[0], a[1], a[7], levels, a[8], a[9], a[10], a[11], a[12], a[13], a[14]));
        }
        return rows;
    }

    /** Counts {@code n} first ratings of one level from one channel into a group's accumulator. */
    private static void rated(long[] a, Level level, EvaluationChannel channel, long n) {
        a[1] += n;
        a[2 + level.value() - 1] += n;
        boolean active = channel.active();
        if (active) {
            a[7] += n;
        }
        if (level.good()) {
            a[8] += n;
            if (active) {
                a[9] += n;
            }
        }
        if (level.bad()) {
            a[10] += n;
        }
    }
}
