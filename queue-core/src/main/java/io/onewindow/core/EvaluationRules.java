package io.onewindow.core;

import java.util.Objects;

/**
 * What a hall sets for the 好差评 evaluation of its services: the hall definition's optional
 * {@code "evaluation"} object (the evaluator gateway reads it; the core only carries it). Immutable.
 *
 * <pre>
 * "evaluation":{"padTimeoutSeconds":60,"periodDays":7,"defaultRating":0,"regionCode":"330102"}
 * </pre>
 *
 * @param padTimeoutSeconds how long a pad request waits for the citizen's rating (default 60)
 * @param periodDays        how long the ticket's phone link may rate (default 7)
 * @param defaultRating     the rating a service left unrated past the period gets, stored flagged as the system's
 *                          and left out of every active figure: 3, 4 or 5 (never a 差评), or 0 for none (the
 *                          default: the service stays unrated)
 * @param regionCode        the hall's 行政区划代码 for the provincial export ("" when not set)
 */
public record EvaluationRules(int padTimeoutSeconds, int periodDays, int defaultRating, String regionCode) {

    /** 60 s at the pad, 7 days by phone, no default rating, no region code. */
    public static final EvaluationRules DEFAULTS = new EvaluationRules(60, 7, 0, "");

    public EvaluationRules {
        Objects.requireNonNull(regionCode, "regionCode");
        if (padTimeoutSeconds < 5 || padTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("padTimeoutSeconds must be 5..3600, was " + padTimeoutSeconds);
        }
        if (periodDays < 1 || periodDays > 366) {
            throw new IllegalArgumentException("periodDays must be 1..366, was " + periodDays);
        }
        if (defaultRating != 0 && (defaultRating < 3 || defaultRating > 5)) {
            throw new IllegalArgumentException("defaultRating must be 3, 4, 5 or 0 (none), was " + defaultRating);
        }
    }
}
