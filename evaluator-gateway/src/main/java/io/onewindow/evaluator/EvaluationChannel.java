package io.onewindow.evaluator;

/**
 * Where a rating came from, with the national channel codes. Immutable.
 *
 * <p>{@link #SYSTEM_DEFAULT} is the rating a hall may configure after its evaluation period: exported with
 * channel code 7 as the provincial platform expects, and left out of every "active" figure.
 */
public enum EvaluationChannel {
    PC(1),
    MOBILE(2),
    QR_CODE(3),
    PAD(4),
    HALL_TERMINAL(5),
    PHONE_CALL(6),
    SYSTEM_DEFAULT(7);

    private final int nationalCode;

    EvaluationChannel(int nationalCode) {
        this.nationalCode = nationalCode;
    }

    public int nationalCode() {
        return nationalCode;
    }

    /** Whether the citizen rated (every channel but the system default). */
    public boolean active() {
        return this != SYSTEM_DEFAULT;
    }
}
