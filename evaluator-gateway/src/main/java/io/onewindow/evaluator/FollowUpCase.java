package io.onewindow.evaluator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The follow-up of one 差评: opened with the rating, moved on by managers' steps, each recorded with who and
 * when. Immutable: a step gives a new case.
 *
 * <p>Deadlines are working days of the hall's {@link WorkingCalendar}, in the hall's time zone: 核实 within
 * {@link #VERIFY_WORKING_DAYS} working day of the rating, 整改 within {@link #RECTIFY_WORKING_DAYS} working days of
 * the verification (plus any extension). A deadline is the last working day allowed: the case is overdue from
 * the next day on.
 *
 * @param caseId      "C" + the evaluation id
 * @param evaluation  the 差评 it follows up
 * @param state       where it stands
 * @param verifyDue   the last day to verify (or appeal)
 * @param rectifyDue  the last day to rectify, null until verified
 * @param steps       every step so far, in order
 */
public record FollowUpCase(String caseId, Evaluation evaluation, CaseState state, LocalDate verifyDue,
                           LocalDate rectifyDue, List<CaseStep> steps) {

    public static final int VERIFY_WORKING_DAYS = 1;
    public static final int RECTIFY_WORKING_DAYS = 15;
    public static final int MAX_EXTRA_DAYS = 30;

    public FollowUpCase {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(state, "state");
        steps = List.copyOf(steps);
    }

    /** The case a 差评 opens at once. */
    public static FollowUpCase open(Evaluation e, WorkingCalendar calendar, ZoneId zone) {
        LocalDate day = date(e.ratedAtMillis(), zone);
        return new FollowUpCase("C" + e.evaluationId(), e, CaseState.OPEN,
                calendar.addWorkingDays(day, VERIFY_WORKING_DAYS), null, List.of());
    }

    /** Why {@code step} may not be taken now, or null when it may (decided before anything changes). */
    public EvaluationError refusal(CaseStep step) {
        if (step.by().isBlank()) {
            return EvaluationError.MISSING_FIELD;
        }
        boolean allowed = switch (step.action()) {
            case VERIFY, APPEAL -> state == CaseState.OPEN;
            case APPROVE, REJECT -> state == CaseState.APPEALED;
            case EXTEND, RECTIFY -> state == CaseState.VERIFIED;
            case CALLBACK -> state == CaseState.RECTIFIED;
            case CLOSE -> state == CaseState.CALLED_BACK;
        };
        if (!allowed) {
            return EvaluationError.WRONG_STATE;
        }
        if (step.action() == CaseAction.EXTEND
                && (step.note().isBlank() || step.extraDays() < 1 || step.extraDays() > MAX_EXTRA_DAYS)) {
            return EvaluationError.MISSING_FIELD; // an extension gives its reason and its days
        }
        if (step.action() == CaseAction.APPEAL && step.note().isBlank()) {
            return EvaluationError.MISSING_FIELD; // an appeal says why the rating is invalid
        }
        if (step.action() == CaseAction.CALLBACK && Level.of(step.satisfaction()) == null) {
            return EvaluationError.MISSING_FIELD;
        }
        return null;
    }

    /** The case after a step that {@link #refusal} allowed. */
    public FollowUpCase after(CaseStep step, WorkingCalendar calendar, ZoneId zone) {
        List<CaseStep> s = new ArrayList<>(steps);
        s.add(step);
        LocalDate day = date(step.atMillis(), zone);
        return switch (step.action()) {
            case VERIFY, REJECT -> new FollowUpCase(caseId, evaluation, CaseState.VERIFIED, verifyDue,
                    calendar.addWorkingDays(day, RECTIFY_WORKING_DAYS), s);
            case APPEAL -> new FollowUpCase(caseId, evaluation, CaseState.APPEALED, verifyDue, rectifyDue, s);
            case APPROVE, CLOSE -> new FollowUpCase(caseId, evaluation, CaseState.CLOSED, verifyDue, rectifyDue, s);
            case EXTEND -> new FollowUpCase(caseId, evaluation, state, verifyDue,
                    calendar.addWorkingDays(rectifyDue, step.extraDays()), s);
            case RECTIFY -> new FollowUpCase(caseId, evaluation, CaseState.RECTIFIED, verifyDue, rectifyDue, s);
            case CALLBACK -> new FollowUpCase(caseId, evaluation, CaseState.CALLED_BACK, verifyDue, rectifyDue, s);
        };
    }

    /** Whether a deadline of its present state has passed on {@code today} (the hall's local date). */
    public boolean overdue(LocalDate today) {
        return switch (state) {
            case OPEN, APPEALED -> today.isAfter(verifyDue);
            case VERIFIED -> today.isAfter(rectifyDue);
            default -> false;
        };
    }

    /** Whether it reached 整改 (rectified, called back, or closed after that). */
    public boolean rectified() {
        return steps.stream().anyMatch(s -> s.action() == CaseAction.RECTIFY);
    }

    public boolean calledBack() {
        return steps.stream().anyMatch(s -> s.action() == CaseAction.CALLBACK);
    }

    /** Whether the appeal was upheld: the 差评 was judged invalid. */
    public boolean appealUpheld() {
        return steps.stream().anyMatch(s -> s.action() == CaseAction.APPROVE);
    }

    static LocalDate date(long millis, ZoneId zone) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
    }
}
