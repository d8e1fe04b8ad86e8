package io.onewindow.display.access;

import java.util.Locale;

/** The roles of DESIGN.md's Security, as the tokens file names them. Immutable. */
public enum Role {
    KIOSK,
    GUIDE,
    /** Staff terminal of one window: acts only on its own window. */
    WINDOW,
    /** Evaluator pad of one window: the evaluator gateway's; the hall server accepts it nowhere. */
    PAD,
    MANAGER,
    ADMIN;

    /** Whether a token of this role is bound to one window. */
    public boolean boundToWindow() {
        return this == WINDOW || this == PAD;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named in a tokens file, or null. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        return null;
    }
}
