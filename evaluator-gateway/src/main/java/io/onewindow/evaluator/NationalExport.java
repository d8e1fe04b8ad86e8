package io.onewindow.evaluator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

    /** The records of a hall's ratings made from {@code from} to {@code to} (local dates, inclusive). */
    public static String csv(EvaluationBook book, String hall, LocalDate from, LocalDate to) {
        HallSettings h = book.hall(hall);
        ZoneId zone = h.zone();
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        List<Evaluation> all = book.evaluations(hall);
        for (Evaluation e : all) {
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
