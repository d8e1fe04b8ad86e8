package io.onewindow.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The hall's tokens file read by the gateway when it runs on its own (API.md's format:
 * {@code {"tokens":[{"token"|"sha256","role","window","hall"}]}}); kept as SHA-256 digests, compared in constant
 * time. Immutable. The hall server checks the file's fields when it starts; this reader takes what it needs and
 * refuses a file it cannot read.
 */
public final class TokenFile implements Credentials {

    private record Kept(byte[] sha256, String role, String window, String hall) {
    }

    private final List<Kept> tokens;

    private TokenFile(List<Kept> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    public static TokenFile read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        if (root == null || !root.path("tokens").isArray()) {
            throw new IOException(file + ": tokens: must be an array of tokens");
        }
        List<Kept> out = new ArrayList<>();
        for (JsonNode n : root.get("tokens")) {
            byte[] digest;
            if (n.hasNonNull("token")) {
                digest = EvaluationBook.sha256(n.get("token").asText());
            } else if (n.path("sha256").asText("").matches("[0-9a-fA-F]{64}")) {
                digest = HexFormat.of().parseHex(n.get("sha256").asText().toLowerCase(Locale.ROOT));
            } else {
                throw new IOException(file + ": a token needs \"token\" or \"sha256\"");
            }
            out.add(new Kept(digest, n.path("role").asText(""), n.hasNonNull("window") ? n.get("window").asText()
                    : null, n.hasNonNull("hall") ? n.get("hall").asText() : null));
        }
        return new TokenFile(out);
    }

    @Override
    public Holder holder(String hall, String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return null;
        }
        byte[] d = EvaluationBook.sha256(presented);
        Kept found = null;
        for (Kept k : tokens) {
            if (MessageDigest.isEqual(k.sha256(), d) && found == null) {
                found = k; // keep comparing: the time taken does not tell where the match is
            }
        }
        if (found == null || found.hall() != null && !found.hall().equals(hall)) {
            return null;
        }
        return new Holder(found.role(), found.window());
    }
}
