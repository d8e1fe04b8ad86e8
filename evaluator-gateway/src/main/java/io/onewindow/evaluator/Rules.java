package io.onewindow.evaluator;

/**
 * The rules of a rating that need nothing but the rating itself (DESIGN.md, "Evaluation"). Immutable (static);
 * pure functions, tested without a network.
 *
 * <ul>
 *   <li>levels 5..1, nothing else;</li>
 *   <li>1 and 2 (差评) need at least one reason tag; 3 (基本满意) is not a 差评;</li>
 *   <li>a comment has at most {@value #MAX_COMMENT_CHARS} characters (code points), kept as text and never
 *       interpreted;</li>
 *   <li>a request id is 8..64 characters of {@code [A-Za-z0-9-_]}; at most {@value #MAX_REASONS} reason tags,
 *       each a non-blank text of at most {@value #MAX_REASON_CHARS} characters.</li>
 * </ul>
 * The rules that need the gateway's state (the service exists, is not rated, has not expired, belongs to the
 * pad's window) are decided by {@link EvaluationBook}.
 */
public final class Rules {

    public static final int MAX_COMMENT_CHARS = 150;
    public static final int MAX_REASONS = 8;
    public static final int MAX_REASON_CHARS = 32;

    private Rules() {
    }

    /** The first rule the request breaks, or null when it keeps them all. */
    public static EvaluationError check(RatingRequest r) {
        if (!validRequestId(r.requestId())) {
            return EvaluationError.BAD_MESSAGE;
        }
        Level level = Level.of(r.rating());
        if (level == null) {
            return EvaluationError.BAD_RATING;
        }
        for (String reason : r.reasons()) {
            if (reason == null || reason.isBlank() || reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS) {
                return EvaluationError.BAD_MESSAGE;
            }
        }
        if (r.reasons().size() > MAX_REASONS) {
            return EvaluationError.BAD_MESSAGE;
        }
        if (level.bad() && r.reasons().isEmpty()) {
            return EvaluationError.REASON_REQUIRED;
        }
        String c = r.comment();
        if (c != null && c.codePointCount(0, c.length()) > MAX_COMMENT_CHARS) {
            return EvaluationError.COMMENT_TOO_LONG;
        }
        return null;
    }

    /** A request id: 8..64 characters of letters, digits, '-' and '_' (a UUID is one). */
    public static boolean validRequestId(String id) {
        if (id == null || id.length() < 8 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-'
                    || ch == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
