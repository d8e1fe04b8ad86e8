package io.onewindow.core.notice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The default notifier: appends each notice as one JSON line to an outbox file (under the data folder) and
 * forces it to disk, for an operator's SMS tool to pick up. Thread-safe: {@link #send} hands the notice to one
 * writer thread, which alone reads and writes the file and the set of ids.
 *
 * <pre>{"id":"demo/b2026112400003/code","hall":"demo","kind":"BOOKED","phone":"13812345678","text":"…","at":"…"}</pre>
 *
 * <p>At start the ids already in the file are read back, so a notice made again after a restart is not written
 * twice. A torn last line (a crash mid-write, never reported written) is cut first, so the next line starts whole
 * (a whole notice missing only its newline gets it).
 * A write that fails (a full disk, an I/O error) closes the file: the next notice opens it again, after mending
 * the line the failure may have torn, so a notice the caller sends again once the disk has room goes out whole.
 * The file is the owner's alone ({@code rw-------}): it holds phone numbers and check-in codes. An SMS tool reads
 * it and must not shorten it: the ids in it are what keeps a notice from going out twice.
 */
public final class OutboxNotifier implements Notifier {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** The outbox holds phone numbers and check-in codes: its owner alone reads it. */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final ExecutorService writer;
    /** Confined to the writer thread after construction; null after a write failed, until it opens again. */
    private FileChannel channel;
    private final Set<String> written = new HashSet<>(); // confined to the writer thread after construction

    public OutboxNotifier(Path file) throws IOException {
        this.file = file;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.isRegularFile(file)) { // a device or a pipe has no ids to give back, and may never end
            mendLastLine(file);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String id = idOf(line);
                if (id != null) {
                    written.add(id);
                }
            }
        }
        this.channel = open(file);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "onewindow-outbox");
            t.setDaemon(true);
            return t;
        });
    }

    private static FileChannel open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), ownerOnly());
        try {
            if (Files.isRegularFile(file) && isPosix()) {
                Files.setPosixFilePermissions(file, OWNER_ONLY); // an outbox made before it was owner-only
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /**
     * The outbox opened again after a write failed (a full disk, an I/O error, the file replaced): the line it
     * may have torn is mended first, so the next one starts whole and every id written reads back at start.
     * Writer thread only.
     */
    private FileChannel channel() throws IOException {
        if (channel == null) {
            if (Files.isRegularFile(file)) {
                mendLastLine(file);
            }
            channel = open(file);
        }
        return channel;
    }

    /**
     * Mends a last line that a crash left without its newline, so the next line starts whole (glued to it, its id
     * would not read back): a whole notice (only the newline missing) keeps its line, since an SMS tool may have
     * read it; a torn one is cut (it was never reported written, and is made again while still due).
     */
    static void mendLastLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            long start = end;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (start > 0) {
                one.clear();
                ch.read(one, start - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                start--;
            }
            if (start == end) {
                return;
            }
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(end - start, 1 << 20));
            while (tail.hasRemaining() && ch.read(tail, start + tail.position()) > 0) {
                // read the unfinished line
            }
            if (end - start <= tail.capacity()
                    && idOf(new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8)) != null) {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), end);
            } else {
                ch.truncate(start);
            }
            ch.force(true);
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] ownerOnly() {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    /** The outbox file. */
    public Path file() {
        return file;
    }

    @Override
    public CompletableFuture<Boolean> send(Notice notice) {
        return CompletableFuture.supplyAsync(() -> {
            if (written.contains(notice.id())) {
                return false;
            }
            try {
                FileChannel ch = channel();
                ByteBuffer line = ByteBuffer.wrap(encode(notice));
                while (line.hasRemaining()) {
                    ch.write(line);
                }
                ch.force(false);
            } catch (IOException e) {
                closeAfterFailure();
                throw new UncheckedIOException("the outbox " + file + " cannot be written", e);
            }
            written.add(notice.id());
            return true;
        }, writer);
    }

    /** Closes the channel a write failed on, so the next send opens the outbox again. Writer thread only. */
    private void closeAfterFailure() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the failure that brought us here is the one reported
            }
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
            if (channel != null) {
                channel.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(Notice n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", n.id());
            g.writeStringField("hall", n.hall());
            g.writeStringField("kind", n.kind().name());
            g.writeStringField("phone", n.phone());
            g.writeStringField("text", n.text());
            g.writeStringField("at", Instant.now().toString());
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The id of an outbox line, or null for a line that does not read (a torn tail). */
    static String idOf(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("id")) {
                    id = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return p.currentToken() == JsonToken.END_OBJECT ? id : null;
        } catch (IOException e) {
            return null;
        }
    }
}
