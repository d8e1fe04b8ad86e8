package io.onewindow.display.access;

import java.util.Objects;

/**
 * A role token as the server keeps it: the SHA-256 of the token, never the token. Immutable.
 *
 * @param sha256 the SHA-256 digest of the token's UTF-8 bytes (32 bytes)
 * @param role   what the token may do
 * @param window the window it is bound to (window and pad roles), else null
 * @param hall   the only hall it is valid in, or null for every hall of the server
 */
public record AccessToken(byte[] sha256, Role role, String window, String hall) {

    public AccessToken {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(role, "role");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must have 32 bytes, had " + sha256.length);
        }
        if (role.boundToWindow() != (window != null)) {
            throw new IllegalArgumentException("window must be given for window and pad tokens, and only for them");
        }
        sha256 = sha256.clone();
    }

    /** Whether the token may be used in this hall. */
    public boolean validIn(String hallId) {
        return hall == null || hall.equals(hallId);
    }

    @Override
    public String toString() {
        return "AccessToken[role=" + role + ", window=" + window + ", hall=" + hall + "]";
    }
}
