package io.onewindow.display.access;

import io.onewindow.core.Booking;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The holder's link of a booking, {@code /a/{token}}: the token is {@code <booking id>-<secret>}, the secret 128
 * random bits. The id only says where to look; the secret is what opens it, and the server keeps only its
 * SHA-256 (in the booking, so in the journal), compared in constant time. Immutable (static).
 */
public final class AppointmentLinks {

    private AppointmentLinks() {
    }

    /** A new secret: 128 random bits, URL-safe. */
    public static String newSecret() {
        return Tokens.newToken();
    }

    /** What the booking keeps of its secret. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(Tokens.sha256(secret));
    }

    /** The token of the holder's link. */
    public static String token(long bookingId, String secret) {
        return bookingId + "-" + secret;
    }

    /** The booking id a token names, or -1 when it is not a token's shape. */
    public static long idOf(String token) {
        int dash = token == null ? -1 : token.indexOf('-');
        if (dash < 1 || dash > 18 || token.length() - dash - 1 < 16 || token.length() > 80) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < dash; i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /** Whether the token opens this booking, in constant time over the secret's hash. */
    public static boolean opens(String token, Booking b) {
        if (b == null || idOf(token) != b.id()) {
            return false;
        }
        String secret = token.substring(token.indexOf('-') + 1);
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                b.secretHash().getBytes(StandardCharsets.US_ASCII));
    }
}
