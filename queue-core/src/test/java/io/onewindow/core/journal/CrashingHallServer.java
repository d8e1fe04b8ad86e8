package io.onewindow.core.journal;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A hall server reduced to its journal, run in a child JVM by {@link FileJournalCrashTest} and killed with
 * SIGKILL: it runs {@link HallScript} with the given seed without end, appending each event, and prints
 * {@code acked <seq>} once the journal acknowledged it (as the HTTP answer would go out).
 */
public final class CrashingHallServer {

    private CrashingHallServer() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = System.out;
        VirtualClock clock = new VirtualClock(EventCodecTest.MONDAY_MORNING);
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(HallDefinitions.demo(), clock,
                new PersonKeys(EventCodecTest.SALT));
        HallScript script = new HallScript(dispatcher, clock, seed);
        FileJournal journal = FileJournal.forHall(data, HallDefinitions.demo());
        journal.replay(e -> { });
        out.println("ready");
        out.flush();
        for (;;) {
            Outcome o = script.step();
            if (o instanceof Event e) {
                journal.append(e).thenRun(() -> {
                    synchronized (out) {
                        out.println("acked " + e.seq());
                        out.flush();
                    }
                });
            }
        }
    }
}
