package io.onewindow.display.hall;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.journal.Journal;
import io.onewindow.core.metrics.HallMetrics;

/**
 * One hall as the server's adapters (HTTP, display streams, phone streams) see it. Thread-safe.
 */
public interface HallRuntime {

    HallDefinition hall();

    /** The hall's dispatcher: commands (on the owning instance) and snapshots. */
    Dispatcher dispatcher();

    /** Where its events become durable; fan-out sends no event past {@link Journal#durableSeq()}. */
    Journal journal();

    /** Its wait metrics and estimates, fed every durable event in order. */
    HallMetrics metrics();

    /** The id of the ticket whose phone link carries this token, or null. */
    Long ticketIdForTrackToken(String token);

    /** Whether this instance only follows the hall (a read-only replica serving displays). */
    boolean readOnly();
}
