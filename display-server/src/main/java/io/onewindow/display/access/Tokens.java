package io.onewindow.display.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The role tokens of the server, kept as SHA-256 digests and compared in constant time. Immutable.
 *
 * <p>The file is API.md's: {@code {"tokens":[{"token":"...","role":"window","window":"1","hall":"demo"}]}}, where a
 * token may be given as {@code "sha256":"<hex>"} instead of in clear. A presented token is hashed, then compared
 * with every kept digest by {@link MessageDigest#isEqual} without stopping at the first match, so the time taken
 * tells nothing about which digest, or which byte of it, came close.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> FIELDS = Set.of("token", "sha256", "role", "window", "hall");
    /** A clear token shorter than this is refused: it could be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final List<AccessToken> tokens;

    public Tokens(List<AccessToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    public List<AccessToken> all() {
        return tokens;
    }

    /** The token presented, or null when it is none of the server's. */
    public AccessToken authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return null;
        }
        byte[] digest = sha256(presented);
        AccessToken found = null;
        for (AccessToken t : tokens) {
            if (MessageDigest.isEqual(t.sha256(), digest) && found == null) {
                found = t; // keep comparing: the loop's time does not depend on where the match is
            }
        }
        return found;
    }

    /** 128 random bits, base64url: a role token or a phone link. */
    public static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static Tokens read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidTokensException("tokens file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            return parse(text);
        } catch (InvalidTokensException e) {
            throw new InvalidTokensException("tokens file " + file + ": " + e.getMessage());
        }
    }

    /** Parses the tokens JSON; a problem is a {@link InvalidTokensException} naming the field, as {@code tokens[2].role}. */
    public static Tokens parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidTokensException("$: not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("tokens").isArray()) {
            throw new InvalidTokensException("tokens: must be an array of tokens");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("tokens")) {
                throw new InvalidTokensException(f + ": unknown field");
            }
        }
        List<AccessToken> out = new ArrayList<>();
        JsonNode ts = root.get("tokens");
        for (int i = 0; i < ts.size(); i++) {
            out.add(entry(ts.get(i), "tokens[" + i + "]"));
        }
        return new Tokens(out);
    }

    private static AccessToken entry(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new InvalidTokensException(at + ": must be an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidTokensException(at + "." + f + ": unknown field");
            }
        }
        String token = text(n, "token", at);
        String hex = text(n, "sha256", at);
        if ((token == null) == (hex == null)) {
            throw new InvalidTokensException(at + ": give exactly one of \"token\" and \"sha256\"");
        }
        byte[] digest;
        if (token != null) {
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new InvalidTokensException(at + ".token: must have at least " + MIN_TOKEN_LENGTH + " characters");
            }
            digest = sha256(token);
        } else {
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new InvalidTokensException(at + ".sha256: must be 64 hexadecimal digits");
            }
            digest = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        }
        String roleName = text(n, "role", at);
        Role role = Role.parse(roleName);
        if (role == null) {
            throw new InvalidTokensException(at + ".role: must be one of kiosk, guide, window, pad, manager, admin");
        }
        String window = text(n, "window", at);
        if (role.boundToWindow() && window == null) {
            throw new InvalidTokensException(at + ".window: is required for a " + roleName + " token");
        }
        if (!role.boundToWindow() && window != null) {
            throw new InvalidTokensException(at + ".window: only window and pad tokens are bound to a window");
        }
        return new AccessToken(digest, role, window, text(n, "hall", at));
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidTokensException(at + "." + field + ": must be a non-empty string");
        }
        return v.asText();
    }
}
