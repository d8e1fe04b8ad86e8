package io.onewindow.evaluator;

import java.util.Objects;

/**
 * One step of a follow-up case, as stored: who did what and when. Immutable.
 *
 * @param caseId       the case
 * @param hall         its hall
 * @param action       what was done
 * @param by           who did it (the manager's or staff member's id, as given)
 * @param atMillis     when
 * @param note         what they wrote ("" when nothing)
 * @param satisfaction for {@link CaseAction#CALLBACK}: the citizen's satisfaction with the fix, 1..5; else 0
 * @param extraDays    for {@link CaseAction#EXTEND}: the working days added; else 0
 */
public record CaseStep(String caseId, String hall, CaseAction action, String by, long atMillis, String note,
                       int satisfaction, int extraDays) {

    public CaseStep {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(hall, "hall");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(by, "by");
        note = note == null ? "" : note;
    }
}
