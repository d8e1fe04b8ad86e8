package io.onewindow.core;

import java.util.Objects;

/**
 * The staff member on duty at a window. Immutable.
 *
 * @param id   staff number, as on the staff card ("0571")
 * @param name full name; screens show it masked
 */
public record Staff(String id, String name) {
    public Staff {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
