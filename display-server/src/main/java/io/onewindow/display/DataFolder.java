package io.onewindow.display;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.WindowDefinition;
import io.onewindow.display.access.Role;
import io.onewindow.display.access.Tokens;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The data folder: each hall's journal ({@link io.onewindow.core.journal.FileJournal#path}), the person-key salt,
 * and, when no tokens file is given, the demo tokens. Files holding secrets are readable by the owner only.
 * Confined to start-up (blocking file I/O, before serving).
 *
 * <pre>
 * data/
 *   salt.key           32 random bytes: the HMAC key of person keys (made once; losing it forgets who waits)
 *   tokens.json        the demo tokens as SHA-256 digests: what the server checks against
 *   demo-tokens.json   the same tokens in clear (0600), so that the demo can print them at every start
 *   demo/              the journal of hall "demo", and screen.json: its screens' notice and spoken calls
 * </pre>
 */
public final class DataFolder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public DataFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Makes the folder if missing, owner-only (it holds the journals and the salt), and checks it can be written. */
    public void prepare() {
        try {
            Files.createDirectories(root);
            restrictToOwner(root);
        } catch (IOException e) {
            throw new ConfigException("--data " + root + ": cannot create the folder (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(root)) {
            throw new ConfigException("--data " + root + ": the folder is not writable");
        }
    }

    /** The person-key salt, made once. */
    public byte[] salt() throws IOException {
        Path file = root.resolve("salt.key");
        if (!Files.exists(file)) {
            byte[] salt = new byte[32];
            RANDOM.nextBytes(salt);
            writeSecret(file, salt);
        }
        byte[] salt = Files.readAllBytes(file);
        if (salt.length < 16) {
            throw new ConfigException(file + ": the salt must have at least 16 bytes, has " + salt.length);
        }
        return salt;
    }

    /** A demo token in clear, to print. */
    public record DemoToken(String token, Role role, String window, String hall) {
        @Override
        public String toString() {
            return "DemoToken[role=" + role + ", window=" + window + ", hall=" + hall + "]";
        }
    }

    /**
     * The demo tokens: made once, then kept. A kiosk, a guide and a manager token valid in every hall, and a
     * window and a pad token for every window of every hall (bound to that hall); a hall or window added later
     * gets its tokens at the next start, and the tokens made before stay as they were.
     */
    public List<DemoToken> demoTokens(List<HallDefinition> halls) throws IOException {
        Path clear = root.resolve("demo-tokens.json");
        List<DemoToken> tokens = new ArrayList<>();
        if (Files.exists(clear)) {
            for (var n : JSON.readTree(Files.readString(clear)).path("tokens")) {
                tokens.add(new DemoToken(n.path("token").asText(), Role.parse(n.path("role").asText()),
                        n.hasNonNull("window") ? n.get("window").asText() : null,
                        n.hasNonNull("hall") ? n.get("hall").asText() : null));
            }
        }
        int before = tokens.size();
        for (Role r : new Role[] {Role.KIOSK, Role.GUIDE, Role.MANAGER}) {
            if (tokens.stream().noneMatch(t -> t.role() == r && t.hall() == null)) {
                tokens.add(new DemoToken(Tokens.newToken(), r, null, null));
            }
        }
        for (HallDefinition h : halls) {
            for (WindowDefinition w : h.windows()) {
                for (Role r : new Role[] {Role.WINDOW, Role.PAD}) {
                    if (tokens.stream().noneMatch(t -> t.role() == r && w.id().equals(t.window())
                            && h.id().equals(t.hall()))) {
                        tokens.add(new DemoToken(Tokens.newToken(), r, w.id(), h.id()));
                    }
                }
            }
        }
        if (tokens.size() != before || !Files.exists(root.resolve("tokens.json"))) {
            writeSecret(clear, json(tokens, true));
            writeSecret(root.resolve("tokens.json"), json(tokens, false));
        }
        return tokens;
    }

    /** The tokens file the server checks demo tokens against: digests only. */
    public Path demoTokensFile() {
        return root.resolve("tokens.json");
    }

    private static byte[] json(List<DemoToken> tokens, boolean clear) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("tokens");
        for (DemoToken t : tokens) {
            ObjectNode n = arr.addObject();
            if (clear) {
                n.put("token", t.token());
            } else {
                n.put("sha256", HexFormat.of().formatHex(Tokens.sha256(t.token())));
            }
            n.put("role", t.role().wireName());
            if (t.window() != null) {
                n.put("window", t.window());
            }
            if (t.hall() != null) {
                n.put("hall", t.hall());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static void restrictToOwner(Path folder) throws IOException {
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Writes a file readable by the owner only, atomically (a temp file moved into place). */
    private static void writeSecret(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: the folder's own permissions protect it
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not create " + tmp, e);
        }
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
