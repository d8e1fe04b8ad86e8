package io.onewindow.display.ws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh demo halls on the real file journal, each in its own folder of a temporary directory, closed and deleted
 * after each test. Register with {@code @RegisterExtension final FileJournalHalls halls = new FileJournalHalls();}.
 */
final class FileJournalHalls implements AfterEachCallback {

    private final List<TestHall> open = new ArrayList<>();
    private Path dir;

    /** A fresh demo hall with an event ring of this capacity. */
    TestHall hall(int ringCapacity) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("onewindow-halls");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestHall h = TestHall.withFileJournal(dir.resolve("h" + open.size()), ringCapacity);
        open.add(h);
        return h;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        open.forEach(TestHall::close);
        open.clear();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            dir = null;
        }
    }
}
