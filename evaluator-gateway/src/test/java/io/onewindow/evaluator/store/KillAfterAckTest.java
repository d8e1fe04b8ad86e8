package io.onewindow.evaluator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationChannel;
import io.onewindow.evaluator.Level;
import io.onewindow.evaluator.ServiceRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process killed (destroyForcibly: no shutdown hook, no flush) while it stores ratings: every rating it
 * acknowledged is in the store when it comes back, and the store opens again after the torn tail.
 */
@Timeout(60)
class KillAfterAckTest {

    @TempDir
    Path dir;

    /** The child: stores ratings as fast as the store acknowledges them, printing each id once durable. */
    public static void main(String[] args) throws Exception {
        FileEvaluationStore store = FileEvaluationStore.open(Path.of(args[0]));
        store.replay(e -> { });
        for (long i = 1; ; i++) {
            ServiceRecord s = new ServiceRecord("demo." + i, "demo", i, i, "A" + i, "A", "1", "0571", "王营定",
                    1_800_000_000_000L + i, null);
            store.append(new Entry.Opened(s));
            Evaluation e = new Evaluation("E" + i, "request-" + i, s, Level.SATISFIED, List.of(), "好",
                    EvaluationChannel.PAD, 1_800_000_000_000L + i, null);
            store.append(new Entry.Rated(e)).join();
            System.out.println("ACK E" + i);
            System.out.flush();
        }
    }

    @Test
    void shouldFindEveryAcknowledgedRatingAfterTheProcessWasKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), KillAfterAckTest.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < 200 && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        List<String> found = new ArrayList<>();
        FileEvaluationStore again = FileEvaluationStore.open(dir);
        again.replay(e -> {
            if (e instanceof Entry.Rated r) {
                found.add(r.evaluation().evaluationId());
            }
        });
        again.close();

        assertThat(acked).hasSize(200);
        assertThat(found).containsAll(acked);
        assertThat(new HashSet<>(found)).hasSameSizeAs(found); // no rating twice
    }
}
