package io.onewindow.display.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A ticket's phone link ({@code /t/{token}}): 128 random bits given once, in the answer that prints the ticket,
 * and kept everywhere else (the dispatcher, the journal, Redis, the evaluator) only as the SHA-256 digest of the
 * token in 64 hex digits. Whoever reads a journal cannot follow or cancel a citizen's ticket. Immutable (static).
 */
public final class PhoneLinks {

    private PhoneLinks() {
    }

    /** A new link: the token for the citizen and the digest the hall keeps. */
    public record Link(String token, String digest) {
        public String url() {
            return "/t/" + token;
        }

        @Override
        public String toString() {
            return "Link[digest=" + digest + "]";
        }
    }

    public static Link create() {
        String token = Tokens.newToken();
        return new Link(token, digest(token));
    }

    /** The digest a hall keeps of a link's token. */
    public static String digest(String token) {
        return HexFormat.of().formatHex(Tokens.sha256(token));
    }

    /** Whether a presented token is the link kept as {@code digest}, compared in constant time. */
    public static boolean matches(String presented, String digest) {
        if (presented == null || digest == null) {
            return false;
        }
        return MessageDigest.isEqual(digest(presented).getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII));
    }
}
