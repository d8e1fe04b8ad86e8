package io.onewindow.core.journal;

import io.onewindow.core.Event;
import io.onewindow.core.HallCheckpoint;
import io.onewindow.core.HallDefinition;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What every journal that drops old days ({@link Journal#dropDaysBefore}) shares: which local day an event
 * belongs to, and the checkpoint that stands for the events dropped. Not thread-safe: one drop folds its events
 * into one instance, on one thread.
 *
 * <pre>
 *  checkpoint held (or a new hall) ──after(e#n+1)──▶ … ──after(e#m)──▶ checkpoint at m, written before e#1..m go
 * </pre>
 *
 * <p><b>Guarantees.</b> The checkpoint is built by the same {@link HallCheckpoint#after} (the hall's own
 * {@code apply}) as the live hall, from the checkpoint held or {@link HallCheckpoint#initial}; an event that does
 * not follow the last one folded is refused with an {@link IOException} naming where it was read, so a journal with
 * a gap drops nothing.
 */
public final class Retention {

    private final HallDefinition hall;
    private HallCheckpoint checkpoint;
    private LocalDate lastDay;
    private int days;

    /** Folds from {@code held}, the checkpoint the journal starts at, or from a new hall when null. */
    public Retention(HallDefinition hall, HallCheckpoint held) {
        this.hall = Objects.requireNonNull(hall, "hall");
        this.checkpoint = held == null ? HallCheckpoint.initial(hall) : held;
    }

    /** The local day of the hall on which the event happened: the day whose events it is dropped with. */
    public static LocalDate dayOf(HallDefinition hall, Event e) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(e.atMillis()), hall.zone());
    }

    /**
     * Folds the next dropped event into the checkpoint.
     *
     * @param where where the event was read, for the error (a stream, a file and offset)
     * @throws IOException when it does not follow the last event folded: the journal has a gap, nothing is dropped
     */
    public void fold(Event e, String where) throws IOException {
        if (e.seq() != checkpoint.seq() + 1) {
            throw new IOException(where + " holds event " + e.seq() + " after " + checkpoint.seq()
                    + ": the journal has a gap; no day dropped");
        }
        checkpoint = checkpoint.after(e);
        LocalDate day = dayOf(hall, e);
        if (!day.equals(lastDay)) {
            lastDay = day;
            days++;
        }
    }

    /** The checkpoint at the last event folded (the one held when none was). */
    public HallCheckpoint checkpoint() {
        return checkpoint;
    }

    /** How many distinct local days the folded events span. */
    public int days() {
        return days;
    }
}
