package io.onewindow.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.VirtualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal's promise under a real crash: a server killed with {@code kill -9} in the middle of its work. */
@Timeout(120)
class FileJournalCrashTest {

    @TempDir
    Path data;

    @Test
    void shouldKeepEveryAcknowledgedEventWhenTheServerIsKilled() throws Exception {
        long seed = 99;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingHallServer.class.getName(), data.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long acked = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acked = Math.max(acked, Long.parseLong(line.substring(6)));
                    if (acked >= 3_000) {
                        server.destroyForcibly(); // SIGKILL, mid-stream: no close, no flush, no shutdown hook
                        break;
                    }
                }
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acked).as("the server acknowledged events before it was killed").isGreaterThanOrEqualTo(3_000);

        LockFreeDispatcher recovered = new LockFreeDispatcher(HallDefinitions.demo(),
                new VirtualClock(EventCodecTest.MONDAY_MORNING), new PersonKeys(EventCodecTest.SALT));
        Recovery.Result result;
        List<Event> replayed = new ArrayList<>();
        try (FileJournal journal = FileJournal.forHall(data, HallDefinitions.demo())) {
            result = Recovery.replay(journal, recovered, replayed::add);
        }

        assertThat(result.lastSeq()).as("every acknowledged event came back").isGreaterThanOrEqualTo(acked);
        VirtualClock clock = new VirtualClock(EventCodecTest.MONDAY_MORNING);
        LockFreeDispatcher again = new LockFreeDispatcher(HallDefinitions.demo(), clock,
                new PersonKeys(EventCodecTest.SALT));
        HallScript script = new HallScript(again, clock, seed);
        List<Event> expected = new ArrayList<>();
        while (expected.size() < replayed.size()) {
            if (script.step() instanceof Event e) {
                expected.add(e);
            }
        }
        assertThat(replayed).as("the journal holds exactly the events the server made, in order")
                .isEqualTo(expected);
        SameHall.assertSameHall(again, recovered,
                expected.stream().filter(e -> e instanceof Event.TicketIssued).count());
    }

    @Test
    void shouldStartWithEveryAcknowledgedEventWhenTheServerIsKilledWhileItDropsOldDays() throws Exception {
        long seed = 123;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CompactingHallServer.class.getName(), data.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long acked = 0;
        int compactions = 0;
        int compacting = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acked = Math.max(acked, Long.parseLong(line.substring(6)));
                } else if (line.startsWith("compacted ") && Integer.parseInt(line.substring(10)) > 0) {
                    compactions++;
                } else if (line.startsWith("compacting ")) {
                    compacting++;
                    if (compactions >= 3 && acked >= 2_000) {
                        server.destroyForcibly(); // SIGKILL while it drops a day: in the fold, the copy or the rename
                        break;
                    }
                }
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(compactions).as("days dropped before the kill").isGreaterThanOrEqualTo(3);

        LockFreeDispatcher recovered = new LockFreeDispatcher(HallDefinitions.demo(),
                new VirtualClock(EventCodecTest.MONDAY_MORNING), new PersonKeys(EventCodecTest.SALT));
        Recovery.Result result;
        List<Event> replayed = new ArrayList<>();
        long[] from = new long[1];
        try (FileJournal journal = FileJournal.forHall(data, HallDefinitions.demo())) {
            result = Recovery.replay(journal, recovered, cp -> from[0] = cp.seq(), List.of(replayed::add));
        }
        assertThat(data.resolve("demo/journal.log" + FileJournal.COMPACT_SUFFIX)).doesNotExist();
        assertThat(from[0]).as("the journal starts at a checkpoint").isPositive();
        assertThat(result.lastSeq()).as("every acknowledged event came back").isGreaterThanOrEqualTo(acked);

        VirtualClock clock = new VirtualClock(EventCodecTest.MONDAY_MORNING);
        LockFreeDispatcher again = new LockFreeDispatcher(HallDefinitions.demo(), clock,
                new PersonKeys(EventCodecTest.SALT));
        HallScript script = new HallScript(again, clock, seed);
        List<Event> expected = new ArrayList<>();
        while (again.snapshot().seq() < result.lastSeq()) {
            if (script.step() instanceof Event e && e.seq() > from[0]) {
                expected.add(e);
            }
        }
        assertThat(replayed).as("after its checkpoint, exactly the events the server made, in order (kill at"
                + " compaction " + compacting + ")").isEqualTo(expected);
        SameHall.assertSameHall(again, recovered, 0);
    }
}
