package io.onewindow.display.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local record of how far a hall's events are known durable in Redis: one small file in the hall's data
 * folder ({@value #FILE_NAME}, the sequence number in decimal and a newline), owner-only, replaced atomically
 * and fsynced. At start-up the Redis journal compares it with the hall's stream: a stream that ends before it lost
 * acknowledged events ({@link LostEventsException}). Confined: one writer at a time (the journal's blocking
 * writes are ordered on its context).
 *
 * <p>Assumptions and guarantees: the record never runs ahead of what Redis acknowledged, and lags it by at most
 * the journal's mark interval (200 ms) plus one fsync, and not at all after a clean close. So at start-up it
 * detects a Redis that lost everything, or a tail longer than that lag; while the server runs the journal compares
 * with its exact durable sequence number instead.
 */
final class DurableMark {

    static final String FILE_NAME = "redis-durable-seq";

    private final Path file;

    private DurableMark(Path file) {
        this.file = file;
    }

    /** The record of the hall under {@code dataDir}: {@code <dataDir>/<hallId>/redis-durable-seq}. */
    static DurableMark of(Path dataDir, String hallId) {
        return new DurableMark(dataDir.resolve(hallId).resolve(FILE_NAME));
    }

    Path file() {
        return file;
    }

    /** The recorded sequence number, 0 when there is no record. */
    long read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            long seq = Long.parseLong(text);
            if (seq < 0) {
                throw new NumberFormatException("negative");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new IOException(file + " does not hold a sequence number (\"" + (text.length() > 40
                    ? text.substring(0, 40) + "…" : text) + "\"); restore it or delete it", e);
        }
    }

    /** Replaces the record with {@code seq}: written to a new file, forced, moved over the old one, folder forced. */
    void write(long seq) throws IOException {
        Path folder = file.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(folder)) {
            if (posix) {
                Files.createDirectories(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(folder);
            }
        }
        Path tmp = folder.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (posix) {
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself survives a crash
            } catch (IOException e) {
                // some file systems cannot force a folder; the rename is still atomic
            }
        }
    }
}
