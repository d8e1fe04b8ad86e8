package io.onewindow.display.pages;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * What a hall's manager sets for its screens: the notice line of the main screen and whether calls are spoken.
 * Immutable; kept per hall in {@code <data>/<hall>/screen.json}, written whole (a temporary file, forced to disk,
 * then moved over the old one), so a crash leaves the old settings or the new, never half of either.
 *
 * @param notice      the notice line (公告), at most {@link #NOTICE_MAX} characters; empty for none
 * @param spokenCalls whether the main screen speaks each call (Mandarin, once a person enabled it on the screen)
 */
record ScreenSettings(String notice, boolean spokenCalls) {

    static final int NOTICE_MAX = 200;
    static final ScreenSettings DEFAULTS = new ScreenSettings("", false);
    private static final Set<String> FIELDS = Set.of("notice", "spokenCalls");
    private static final String FILE = "screen.json";

    ScreenSettings {
        if (notice == null) {
            notice = "";
        }
    }

    JsonObject toJson() {
        return new JsonObject().put("notice", notice).put("spokenCalls", spokenCalls);
    }

    /** These settings changed by a request body; a bad body is an {@link IllegalArgumentException} naming it. */
    ScreenSettings with(JsonObject body) {
        for (String f : body.fieldNames()) {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("UNKNOWN_FIELD:unknown field \"" + f + "\"");
            }
        }
        String n = notice;
        if (body.containsKey("notice")) {
            Object v = body.getValue("notice");
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("BAD_FIELD:\"notice\" must be a string");
            }
            String stripped = s.strip();
            if (stripped.codePointCount(0, stripped.length()) > NOTICE_MAX
                    || stripped.codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("BAD_FIELD:\"notice\" must be one line of at most " + NOTICE_MAX
                        + " characters");
            }
            n = stripped;
        }
        boolean spoken = spokenCalls;
        if (body.containsKey("spokenCalls")) {
            Object v = body.getValue("spokenCalls");
            if (!(v instanceof Boolean b)) {
                throw new IllegalArgumentException("BAD_FIELD:\"spokenCalls\" must be true or false");
            }
            spoken = b;
        }
        return new ScreenSettings(n, spoken);
    }

    /** The settings kept in a hall's folder, or the defaults; blocking. */
    static ScreenSettings read(Path hallFolder) throws IOException {
        Path f = hallFolder.resolve(FILE);
        if (!Files.exists(f)) {
            return DEFAULTS;
        }
        try {
            JsonObject o = new JsonObject(Files.readString(f, StandardCharsets.UTF_8));
            return DEFAULTS.with(o);
        } catch (DecodeException | IllegalArgumentException e) {
            throw new IOException(f + ": not the screen settings (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the settings into a hall's folder, durably; blocking. */
    void write(Path hallFolder) throws IOException {
        Files.createDirectories(hallFolder);
        Path tmp = hallFolder.resolve(FILE + ".tmp");
        byte[] bytes = toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, hallFolder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
