package io.onewindow.display.store;

import io.onewindow.core.HallDefinition;
import io.onewindow.core.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the journal of one hall: the embedded file journal under the data folder, or Redis. */
@FunctionalInterface
public interface JournalFactory {

    /** Opens (or creates) the hall's journal; blocking, called at start-up before serving. */
    Journal open(HallDefinition hall, Path dataDir) throws IOException;
}
