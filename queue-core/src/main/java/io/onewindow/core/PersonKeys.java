package io.onewindow.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an ID number into a person key: HMAC-SHA256 under the hall server's secret salt, so that the key tells
 * "the same person" without the number being kept or guessable from it. Thread-safe (a Mac per call).
 */
public final class PersonKeys {

    private final SecretKeySpec key;

    public PersonKeys(byte[] salt) {
        if (salt == null || salt.length < 16) {
            throw new IllegalArgumentException("salt must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(salt.clone(), "HmacSHA256");
    }

    public String keyOf(String idNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(idNumber.toUpperCase().getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
