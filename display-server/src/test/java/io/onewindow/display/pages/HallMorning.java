package io.onewindow.display.pages;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import io.onewindow.core.Subscription;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.journal.FileJournal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A morning of the demo hall written into its journal before the server starts, as a server restarted at
 * mid-day finds it: the real dispatcher on a virtual clock, from {@code minutes} ago to now. Windows 1, 2, 4 and
 * 5 open; about 0.85 tickets a minute; services of 4 to 8 minutes; windows 2 and 4 pause 50 minutes before now
 * (a break), so the line grows and its head has waited past the hall's 30 minutes. For tests; not thread-safe.
 */
final class HallMorning {

    private HallMorning() {
    }

    /** Minutes since the demo hall's local midnight now: a morning cannot start before it. */
    static long minutesSinceLocalMidnight() {
        ZoneId zone = HallDefinitions.demo().zone();
        Instant midnight = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        return (System.currentTimeMillis() - midnight.toEpochMilli()) / 60_000;
    }

    /** Writes the morning's events into {@code <dataDir>/demo/journal.log}. */
    static void write(Path dataDir, int minutes) throws Exception {
        HallDefinition hall = HallDefinitions.demo();
        long now = System.currentTimeMillis();
        VirtualClock clock = new VirtualClock(Instant.ofEpochMilli(now - minutes * 60_000L));
        LockFreeDispatcher d = new LockFreeDispatcher(hall, clock, new PersonKeys(new byte[32]));
        Subscription events = d.events().subscribe(0);
        List<Outcome> outcomes = new ArrayList<>();
        String[] open = {"1", "2", "4", "5"};
        String[][] staff = {{"0571", "王营定"}, {"0583", "李晓红"}, {"0602", "张建国"}, {"0615", "陈丽"}};
        for (int i = 0; i < open.length; i++) {
            outcomes.add(d.openWindow(open[i], new Staff(staff[i][0], staff[i][1])));
        }
        long[] freeAt = new long[open.length];
        for (int m = 0; m < minutes; m++) {
            if (m % 3 == 0) {
                outcomes.add(d.issue(IssueRequest.of("A")));
            }
            if (m % 4 == 1) {
                outcomes.add(d.issue(IssueRequest.of("B")));
            }
            if (m % 6 == 2) {
                outcomes.add(d.issue(IssueRequest.of("C")));
            }
            if (m % 10 == 5) {
                outcomes.add(d.issue(IssueRequest.of("A")));
            }
            if (m == minutes - 50) {
                for (int w : new int[] {1, 2}) { // windows 2 and 4 finish their service and take a break
                    if (freeAt[w] > 0) {
                        outcomes.add(d.complete(open[w]));
                        freeAt[w] = 0;
                    }
                    outcomes.add(d.pauseWindow(open[w]));
                }
            }
            for (int w = 0; w < open.length; w++) {
                boolean paused = m >= minutes - 50 && (open[w].equals("2") || open[w].equals("4"));
                if (freeAt[w] > m || paused) {
                    continue;
                }
                if (freeAt[w] > 0) {
                    outcomes.add(d.complete(open[w]));
                    freeAt[w] = 0;
                }
                Outcome called = d.callNext(open[w]);
                if (called instanceof Event) {
                    outcomes.add(called);
                    outcomes.add(d.start(open[w]));
                    freeAt[w] = m + 4 + (m * 7 + w * 3) % 5;
                }
            }
            clock.advanceMillis(60_000);
        }
        try (FileJournal journal = FileJournal.forHall(dataDir, hall)) {
            List<CompletableFuture<Void>> appended = new ArrayList<>();
            events.poll(e -> appended.add(journal.append(e)), Integer.MAX_VALUE);
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get();
        }
        for (Outcome o : outcomes) {
            if (!o.accepted()) {
                throw new IllegalStateException("the morning's command was refused: " + o);
            }
        }
    }
}
