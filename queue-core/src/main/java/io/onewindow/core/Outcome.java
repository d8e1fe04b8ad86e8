package io.onewindow.core;

/**
 * What a command returns: the {@link Event} it caused, or the {@link Refusal} that changed nothing. Immutable.
 */
public sealed interface Outcome permits Event, Refusal {

    default boolean accepted() {
        return this instanceof Event;
    }
}
