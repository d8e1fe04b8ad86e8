package io.onewindow.evaluator;

import java.util.List;

/**
 * A rating as submitted by a pad or a phone, before the rules looked at it. Immutable.
 *
 * @param requestId the submitter's id: a retry with the same id is answered as the first, never stored twice
 * @param serviceId the service rated (a phone may leave it null: its link names the service)
 * @param rating    1..5 as sent (checked by {@link Rules})
 * @param reasons   reason tags
 * @param comment   free text, or null
 */
public record RatingRequest(String requestId, String serviceId, int rating, List<String> reasons, String comment) {

    public RatingRequest {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
