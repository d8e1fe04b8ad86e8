package io.onewindow.evaluator;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's figures in the Prometheus text format, for {@code /metrics}. Immutable (static); computed from the
 * book on the gateway's context at each scrape.
 *
 * <pre>
 * onewindow_services_completed_total{hall,window,staff,category}
 * onewindow_evaluations_total{hall,window,staff,category,level,channel}     first ratings (not add-ons)
 * onewindow_evaluation_addons_total{hall,level}
 * onewindow_evaluation_cases{hall,state}
 * onewindow_evaluation_cases_overdue{hall}
 * </pre>
 * Rates (好评率, 未评率 ...) are quotients of these, left to the dashboards; the summary endpoint gives them by day.
 * The counters are those of the whole history: the book's folded totals plus what it still holds whole, so a fold
 * never lowers them.
 */
public final class EvaluationMetrics {

    private EvaluationMetrics() {
    }

    public static String prometheus(EvaluationBook book, Map<String, LocalDate> todayByHall) {
        Map<String, Long> served = new TreeMap<>();
        Map<String, Long> rated = new TreeMap<>();
        Map<String, Long> addOns = new TreeMap<>();
        Map<String, Long> cases = new TreeMap<>();
        Map<String, Long> overdue = new TreeMap<>();
        for (HallSettings h : book.halls()) {
            String hall = h.id();
            for (Map.Entry<FoldedTotals.Group, long[]> g : book.foldedTotals(hall).all().entrySet()) {
                FoldedTotals.Group k = g.getKey();
                long[] n = g.getValue();
                String labels = "hall=\"" + esc(hall) + "\",window=\"" + esc(k.window()) + "\",staff=\""
                        + esc(k.staffId()) + "\",category=\"" + esc(k.category()) + "\"";
                if (n[FoldedTotals.SERVED] != 0) {
                    served.merge(labels, n[FoldedTotals.SERVED], Long::sum);
                }
                for (Level level : Level.values()) {
                    for (EvaluationChannel ch : EvaluationChannel.values()) {
                        long c = n[FoldedTotals.first(level, ch)];
                        if (c != 0) {
                            rated.merge(labels + ",level=\"" + level.value() + "\",channel=\""
                                    + ch.name().toLowerCase(java.util.Locale.ROOT) + "\"", c, Long::sum);
                        }
                    }
                    long a = n[FoldedTotals.addOn(level)];
                    if (a != 0) {
                        addOns.merge("hall=\"" + esc(hall) + "\",level=\"" + level.value() + "\"", a, Long::sum);
                    }
                }
            }
            for (ServiceRecord s : book.services(hall)) {
                served.merge(labels(s), 1L, Long::sum);
            }
            for (Evaluation e : book.evaluations(hall)) {
                if (e.addOn()) {
                    addOns.merge("hall=\"" + esc(hall) + "\",level=\"" + e.level().value() + "\"", 1L, Long::sum);
                } else {
                    rated.merge(labels(e.service()) + ",level=\"" + e.level().value() + "\",channel=\""
                            + e.channel().name().toLowerCase(java.util.Locale.ROOT) + "\"", 1L, Long::sum);
                }
            }
            for (CaseState st : CaseState.values()) {
                cases.put("hall=\"" + esc(hall) + "\",state=\"" + st.name() + "\"", 0L);
            }
            for (FollowUpCase c : book.cases(hall, null)) {
                cases.merge("hall=\"" + esc(hall) + "\",state=\"" + c.state().name() + "\"", 1L, Long::sum);
            }
            overdue.put("hall=\"" + esc(hall) + "\"", (long) book.overdue(hall, todayByHall.get(hall)).size());
        }
        StringBuilder b = new StringBuilder();
        family(b, "onewindow_services_completed_total", "counter", "services completed, each opening an evaluation",
                served);
        family(b, "onewindow_evaluations_total", "counter", "first ratings of services by level 5..1 and channel",
                rated);
        family(b, "onewindow_evaluation_addons_total", "counter", "追加评价 (later add-ons by phone)", addOns);
        family(b, "onewindow_evaluation_cases", "gauge", "follow-up cases of 差评 by state", cases);
        family(b, "onewindow_evaluation_cases_overdue", "gauge", "follow-up cases past a deadline", overdue);
        return b.toString();
    }

    private static String labels(ServiceRecord s) {
        return "hall=\"" + esc(s.hall()) + "\",window=\"" + esc(s.window()) + "\",staff=\"" + esc(s.staffId())
                + "\",category=\"" + esc(s.category()) + "\"";
    }

    private static void family(StringBuilder b, String name, String type, String help, Map<String, Long> series) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Map.Entry<String, Long> e : series.entrySet()) {
            b.append(name).append('{').append(e.getKey()).append("} ").append(e.getValue()).append('\n');
        }
    }

    private static String esc(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
