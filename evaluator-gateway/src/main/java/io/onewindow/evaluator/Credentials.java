package io.onewindow.evaluator;

/**
 * Who presents a role token: the gateway's view of the hall's tokens, which it never keeps in clear. Thread-safe.
 * In one JVM with the hall server it is the server's tokens; on its own, the tokens file ({@link TokenFile}).
 */
public interface Credentials {

    /**
     * The holder of a presented token valid in {@code hall}, or null when it is none (unknown, or limited to
     * another hall).
     */
    Holder holder(String hall, String presentedToken);

    /**
     * @param role   the role's wire name: pad, manager, admin, window, kiosk, guide
     * @param window the window a pad or window token is bound to, else null
     */
    record Holder(String role, String window) {

        public boolean pad() {
            return "pad".equals(role);
        }

        public boolean manager() {
            return "manager".equals(role) || "admin".equals(role);
        }
    }
}
