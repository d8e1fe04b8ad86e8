package io.onewindow.evaluator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation records as CSV for the provincial 好差评 platform, with the fields of the national record
 * (GB/T 39046-2020). Immutable (static).
 *
 * <pre>
 * 办件编号,评价渠道,评价人,评价时间,评价次数,满意度,满意度代码,文字评价,差评原因,行政区划
 * demo.42,4,A007,2027-03-02 09:41:07,1,非常满意,1,,,330102
 * </pre>
 * 办件编号 is the service id; 评价渠道 the national channel code (4 window pad, 2 mobile, 7 a system default);
 * 评价人 the ticket's number (the citizen stays anonymous); 评价次数 1 for a rating and 2 for its 追加评价;
 * 满意度代码 the national code, which numbers the levels the other way (1 非常满意 ... 5 非常不满意): converted
 * here, never in storage. A text that a spreadsheet would run as a formula (starting with = + - @) is quoted
 * with a leading apostrophe: comments are text, never interpreted, here too.
 */
public final class NationalExport {

    public static final String HEADER = "办件编号,评价渠道,评价人,评价时间,评价次数,满意度,满意度代码,文字评价,差评原因,行政区划";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NationalExport() {
    }

    /**
     * The records of the ratings the book holds whole (services at or after its horizon) made from {@code from} to
     * {@code to} (local dates, inclusive), in the order they were stored. The whole range, folded days included,
     * is {@link #csv(HallSettings, List, List, LocalDate, LocalDate)} (the gateway's {@code export}).
     */
    public static String csv(EvaluationBook book, String hall, LocalDate from, LocalDate to) {
        return csv(book.hall(hall), List.of(), inRange(book.hall(hall), book.evaluations(hall), from, to), from, to);
    }

    /** The ratings of {@code all} made from {@code from} to {@code to} (the hall's local dates, inclusive). */
    public static List<Evaluation> inRange(HallSettings h, List<Evaluation> all, LocalDate from, LocalDate to) {
        List<Evaluation> out = new ArrayList<>();
        for (Evaluation e : all) {
            LocalDate d = FollowUpCase.date(e.ratedAtMillis(), h.zone());
            if (!d.isBefore(from) && !d.isAfter(to)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The records of a hall's ratings made from {@code from} to {@code to}: those of its folded services, as the
     * store holds them, and those the book holds whole, each in the order stored; the two are merged by rating
     * time (the store's order is the order of the ratings' times: a gateway decides them one at a time and
     * appends each as decided), the folded one first on a tie, so the file is the one a book holding everything
     * made.
     */
    public static String csv(HallSettings h, List<Evaluation> folded, List<Evaluation> live, LocalDate from,
                             LocalDate to) {
        ZoneId zone = h.zone();
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        int i = 0;
        int j = 0;
        while (i < folded.size() || j < live.size()) {
            Evaluation e = j >= live.size() || i < folded.size()
                    && folded.get(i).ratedAtMillis() <= live.get(j).ratedAtMillis() ? folded.get(i++) : live.get(j++);
            LocalDate d = FollowUpCase.date(e.ratedAtMillis(), zone);
            if (d.isBefore(from) || d.isAfter(to)) {
                continue;
            }
            b.append(field(e.service().serviceId())).append(',')
                    .append(e.channel().nationalCode()).append(',')
                    .append(field(e.service().number())).append(',')
                    .append(TIME.format(Instant.ofEpochMilli(e.ratedAtMillis()).atZone(zone))).append(',')
                    .append(e.addOn() ? 2 : 1).append(',')
                    .append(e.level().chineseName()).append(',')
                    .append(e.level().nationalCode()).append(',')
                    .append(field(e.comment())).append(',')
                    .append(field(String.join(";", e.reasons()))).append(',')
                    .append(field(h.regionCode())).append("\r\n");
        }
        return b.toString();
    }

    /** RFC 4180 quoting, and a leading apostrophe for what a spreadsheet would take for a formula. */
    static String field(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String v = s;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                || !v.equals(s)) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
