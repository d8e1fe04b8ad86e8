package io.onewindow.core;

import java.util.List;
import java.util.Objects;

/**
 * A window of the hall and its service profile. Immutable.
 *
 * @param id        the window's id, unique in the hall ("5")
 * @param name      its display name ("5号窗口")
 * @param primary   the categories it serves first; {@code ["*"]} serves every category (无差别全科受理)
 * @param secondary the categories it serves when no primary one waits
 */
public record WindowDefinition(String id, String name, List<String> primary, List<String> secondary) {
    public WindowDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        primary = List.copyOf(primary);
        secondary = List.copyOf(secondary);
    }
}
