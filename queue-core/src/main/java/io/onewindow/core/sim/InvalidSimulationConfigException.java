package io.onewindow.core.sim;

/**
 * A simulator or planner config that cannot be used; the message names the field, as {@code arrivals[1].perHour}
 * or {@code hall.windows[0].primary} (a fault in the inline hall definition is prefixed with {@code hall.}).
 * Immutable.
 */
public final class InvalidSimulationConfigException extends RuntimeException {

    private final String field;

    public InvalidSimulationConfigException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The path of the offending field. */
    public String field() {
        return field;
    }
}
