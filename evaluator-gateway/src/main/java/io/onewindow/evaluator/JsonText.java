package io.onewindow.evaluator;

/**
 * JSON text written by hand on the hot paths (a stored entry, a pad's Ack), where building a {@code JsonObject}
 * and encoding it through Jackson's databind cost more than the rest of a rating's work in the gateway. Immutable
 * (static). The text is what {@code JsonObject.encode} writes for the same fields: a reader cannot tell them apart.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    /** Appends {@code s} as a JSON string (quoted, escaped), or {@code null}. */
    public static StringBuilder quote(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        b.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return b.append(s, from, s.length()).append('"');
    }

    /** Appends {@code ,"name":} (without the comma when {@code first}). */
    public static StringBuilder name(StringBuilder b, String name, boolean first) {
        if (!first) {
            b.append(',');
        }
        return b.append('"').append(name).append("\":");
    }
}
