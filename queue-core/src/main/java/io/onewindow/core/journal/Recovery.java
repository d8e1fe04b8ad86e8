package io.onewindow.core.journal;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Start-up of a hall from its journal: every durable event, in order, into a fresh dispatcher (and into any
 * other reader that rebuilds from events, such as the hall's metrics), before the hall serves. Immutable
 * (static); it runs on the calling thread and may block on the journal's reads, so it runs off any event loop.
 *
 * <p>Guarantees: the dispatcher ends at the journal's last durable event, with the same waiting line, windows,
 * numbers and sequence as the dispatcher that wrote it, because its state is rebuilt by the same
 * {@code apply} that made it. Each extra reader sees each event after the dispatcher applied it.
 */
public final class Recovery {

    /**
     * What recovery read.
     *
     * @param events  how many events were replayed
     * @param lastSeq the sequence number of the last, 0 for an empty journal
     */
    public record Result(long events, long lastSeq) {
    }

    private Recovery() {
    }

    /**
     * Replays the journal into the dispatcher, which must be new (at sequence 0), then into each extra reader.
     *
     * @throws IOException           when the journal cannot be read (a torn tail is not such a case: it is cut)
     * @throws IllegalStateException when the dispatcher has already served, or an event does not follow it
     */
    @SafeVarargs
    public static Result replay(Journal journal, Dispatcher dispatcher, Consumer<? super Event>... readers)
            throws IOException {
        return replay(journal, dispatcher, List.of(readers));
    }

    /** {@link #replay(Journal, Dispatcher, Consumer[])} with the readers in a list. */
    public static Result replay(Journal journal, Dispatcher dispatcher, List<? extends Consumer<? super Event>> readers)
            throws IOException {
        return replay(journal, dispatcher, from -> { }, readers);
    }

    /**
     * {@link #replay(Journal, Dispatcher, List)} from a journal that may start at a checkpoint (it dropped old
     * days): the dispatcher is {@link Dispatcher#restore restored} to it and {@code onStart} told of it before
     * the events after it reach the dispatcher and the readers.
     */
    public static Result replay(Journal journal, Dispatcher dispatcher, Consumer<HallCheckpoint> onStart,
                                List<? extends Consumer<? super Event>> readers) throws IOException {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(dispatcher, "dispatcher");
        long start = dispatcher.snapshot().seq();
        if (start != 0) {
            throw new IllegalStateException("recovery needs a new dispatcher, this one is at sequence " + start);
        }
        long[] countAndLast = new long[2];
        journal.replay(from -> {
            dispatcher.restore(from);
            countAndLast[1] = from.seq();
            onStart.accept(from);
        }, e -> {
            dispatcher.replay(e);
            for (Consumer<? super Event> r : readers) {
                r.accept(e);
            }
            countAndLast[0]++;
            countAndLast[1] = e.seq();
        });
        return new Result(countAndLast[0], countAndLast[1]);
    }
}
