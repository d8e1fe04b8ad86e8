package io.onewindow.evaluator;

/**
 * Why a rating or a case step is refused: decided before anything changes, and changing nothing. Immutable.
 * Each has the code of API.md's error JSON and the HTTP status it maps to (the pad gets the code alone).
 */
public enum EvaluationError {
    /** The message is not the protocol's: not JSON, a missing or unknown field, a bad type. */
    BAD_MESSAGE(400),
    /** The rating is not one of 1..5. */
    BAD_RATING(400),
    /** 差评 (1, 2) without a reason tag. */
    REASON_REQUIRED(400),
    /** A comment of more than 150 characters. */
    COMMENT_TOO_LONG(400),
    /** No such service, or not one this token may rate. */
    UNKNOWN_SERVICE(404),
    /** The pad of another window than the one that served. */
    WRONG_WINDOW(403),
    /** The pad request timed out, or the phone link's evaluation period is over. */
    EXPIRED(409),
    /** The service is rated already (一次一评). */
    ALREADY_EVALUATED(409),
    /** No such follow-up case. */
    UNKNOWN_CASE(404),
    /** A case step that its state does not allow. */
    WRONG_STATE(409),
    /** A case step without a field it needs (a reason for an extension, a satisfaction for a call back). */
    MISSING_FIELD(400),
    /** The store could not make the rating durable: nothing was kept; retry with the same request id. */
    STORE_UNAVAILABLE(503),
    /**
     * More ratings are on their way to the store than the gateway takes at once: refused before anything was
     * decided, nothing was kept; retry with the same request id in a moment (HTTP 429, {@code Retry-After: 1}).
     */
    TOO_MANY_REQUESTS(429);

    private final int httpStatus;

    EvaluationError(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return name();
    }
}
