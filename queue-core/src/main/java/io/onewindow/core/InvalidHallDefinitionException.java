package io.onewindow.core;

/** A hall definition that cannot be used; the message names the field, as {@code windows[2].primary[0]}. */
public final class InvalidHallDefinitionException extends RuntimeException {

    private final String field;

    public InvalidHallDefinitionException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The path of the offending field. */
    public String field() {
        return field;
    }
}
