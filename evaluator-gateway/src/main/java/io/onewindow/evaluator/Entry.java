package io.onewindow.evaluator;

/**
 * What the gateway stores, append-only: replaying the entries in order rebuilds its whole state. Immutable.
 */
public sealed interface Entry {

    String hall();

    /** A ServiceCompleted opened an evaluation. */
    record Opened(ServiceRecord service) implements Entry {
        @Override
        public String hall() {
            return service.hall();
        }
    }

    /** A rating (or a 追加评价) was accepted. */
    record Rated(Evaluation evaluation) implements Entry {
        @Override
        public String hall() {
            return evaluation.hall();
        }
    }

    /** A manager moved a follow-up case on. */
    record CaseStepped(CaseStep step) implements Entry {
        @Override
        public String hall() {
            return step.hall();
        }
    }
}
