package io.onewindow.evaluator;

import java.util.List;
import java.util.Objects;

/**
 * One rating as stored: append-only, never changed or deleted. Immutable.
 *
 * @param evaluationId  issued by the gateway
 * @param requestId     the submitter's id of the request: a retry with it is answered as the first
 * @param service       the service rated
 * @param level         5 非常满意 ... 1 非常不满意
 * @param reasons       reason tags (at least one for 差评)
 * @param comment       free text, at most {@link Rules#MAX_COMMENT_CHARS} characters, stored as given, never
 *                      interpreted; "" when none
 * @param channel       where it came from
 * @param ratedAtMillis when the gateway accepted it
 * @param addOnTo       for a 追加评价: the evaluation it adds to; else null
 */
public record Evaluation(String evaluationId, String requestId, ServiceRecord service, Level level,
                         List<String> reasons, String comment, EvaluationChannel channel, long ratedAtMillis,
                         String addOnTo) {

    public Evaluation {
        Objects.requireNonNull(evaluationId, "evaluationId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(channel, "channel");
        reasons = List.copyOf(reasons);
        comment = comment == null ? "" : comment;
    }

    public String hall() {
        return service.hall();
    }

    /** Whether this is a 追加评价, a later add-on to an earlier rating of the same service. */
    public boolean addOn() {
        return addOnTo != null;
    }
}
