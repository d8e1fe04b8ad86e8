package io.onewindow.core.journal;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A hall server reduced to its journal with retention, run in a child JVM by {@link FileJournalCrashTest} and
 * killed with SIGKILL: it runs {@link HallScript} with the given seed without end, appending each event and
 * printing {@code acked <seq>} once the journal acknowledged it, while a second thread drops every day before the
 * one of the last acknowledged event, printing {@code compacting <day>} before each drop that has a new day to
 * drop and {@code compacted <days>} after it.
 */
public final class CompactingHallServer {

    private CompactingHallServer() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        HallDefinition hall = HallDefinitions.demo();
        PrintStream out = System.out;
        VirtualClock clock = new VirtualClock(EventCodecTest.MONDAY_MORNING);
        LockFreeDispatcher dispatcher = new LockFreeDispatcher(hall, clock, new PersonKeys(EventCodecTest.SALT));
        HallScript script = new HallScript(dispatcher, clock, seed);
        FileJournal journal = FileJournal.forHall(data, hall);
        journal.replay(cp -> { }, e -> { });
        LocalDate[] lastAckedDay = new LocalDate[1];
        Thread retention = new Thread(() -> {
            LocalDate dropped = null;
            for (;;) {
                LocalDate keepFrom;
                synchronized (lastAckedDay) {
                    keepFrom = lastAckedDay[0];
                }
                if (keepFrom != null && !keepFrom.equals(dropped)) {
                    synchronized (out) {
                        out.println("compacting " + keepFrom);
                        out.flush();
                    }
                    try {
                        int days = journal.dropDaysBefore(keepFrom);
                        synchronized (out) {
                            out.println("compacted " + days);
                            out.flush();
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.exit(2);
                    }
                    dropped = keepFrom;
                }
                Thread.onSpinWait();
            }
        }, "retention");
        retention.setDaemon(true);
        retention.start();
        out.println("ready");
        out.flush();
        for (;;) {
            Outcome o = script.step();
            if (o instanceof Event e) {
                LocalDate day = Retention.dayOf(hall, e);
                journal.append(e).thenRun(() -> {
                    synchronized (lastAckedDay) {
                        lastAckedDay[0] = day;
                    }
                    synchronized (out) {
                        out.println("acked " + e.seq());
                        out.flush();
                    }
                });
            }
        }
    }
}
