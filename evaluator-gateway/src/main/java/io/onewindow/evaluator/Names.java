package io.onewindow.evaluator;

/** Names as screens show them: masked (王营定 -> 王*定). Immutable (static). */
public final class Names {

    private Names() {
    }

    /** The first and last character kept, those between starred; a two-character name keeps its first. */
    public static String masked(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        int[] cps = name.codePoints().toArray();
        if (cps.length == 1) {
            return name;
        }
        StringBuilder b = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) {
            return b.append('*').toString();
        }
        b.append("*".repeat(cps.length - 2));
        return b.appendCodePoint(cps[cps.length - 1]).toString();
    }
}
