package io.onewindow.evaluator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.evaluator.CaseAction;
import io.onewindow.evaluator.CaseStep;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationChannel;
import io.onewindow.evaluator.Level;
import io.onewindow.evaluator.ServiceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored text written by hand is the text a JsonObject of the same fields encodes to, for entries whose
 * strings need escaping (quotes, backslashes, control characters, Chinese, absent values), and reads back equal.
 */
class EntryCodecTest {

    private static final String AWKWARD = "王营定 \"quoted\" back\\slash\nnew line\ttab\u0001\u001f end \u2028";

    private static final ServiceRecord SERVICE = new ServiceRecord("demo.42", "demo", 42, 7, "A007", "A", "1",
            AWKWARD, AWKWARD, 1_795_400_000_000L, null);

    @Test
    void shouldWriteTheSameTextAsTheJsonObjectOfEachKindOfEntry() {
        List<Entry> entries = List.of(
                new Entry.Opened(SERVICE),
                new Entry.Opened(new ServiceRecord("demo.43", "demo", 43, 8, "A008", "A", "2", "0571", "王营定",
                        1_795_400_000_001L, "ab".repeat(32))),
                new Entry.Rated(new Evaluation("E1", "req-1", SERVICE, Level.of(1), List.of("等候时间长", AWKWARD),
                        AWKWARD, EvaluationChannel.PAD, 1_795_400_001_000L, null)),
                new Entry.Rated(new Evaluation("E2", AWKWARD, SERVICE, Level.of(5), List.of(), "",
                        EvaluationChannel.MOBILE, 1_795_400_002_000L, "E1")),
                new Entry.CaseStepped(new CaseStep("CE1", "demo", CaseAction.EXTEND, AWKWARD, 1_795_400_003_000L,
                        AWKWARD, 0, 5)));
        for (Entry e : entries) {
            String text = EntryCodec.encode(e);

            assertThat(text).as("%s", e).isEqualTo(EntryCodec.toJson(e).encode());
            assertThat(EntryCodec.decode(text)).isEqualTo(e);
        }
    }
}
