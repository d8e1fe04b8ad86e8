package io.onewindow.display.store;

import java.io.IOException;

/**
 * A store that lost events the hall had made durable: its stream ends before the hall's last durable sequence
 * number (Redis restarted without its append-only file, lost its tail, or was flushed). Not transient: serving the
 * hall again from what is left would issue numbers a second time (A001 again the same day), so the hall stops until
 * an operator restores the store or accepts the loss. Immutable.
 */
public final class LostEventsException extends IOException {

    private final String hallId;
    private final long storeSeq;
    private final long durableSeq;

    public LostEventsException(String hallId, long storeSeq, long durableSeq, String where) {
        super("hall " + hallId + ": " + where + " ends at event " + storeSeq + " but the hall had made events up to "
                + durableSeq + " durable there: Redis lost acknowledged events. The hall takes no commands rather"
                + " than issue numbers again; restore Redis from a backup that holds them, or, to accept the loss"
                + " and go on from event " + storeSeq + ", stop the server and delete "
                + DurableMark.FILE_NAME + " in the hall's data folder");
        this.hallId = hallId;
        this.storeSeq = storeSeq;
        this.durableSeq = durableSeq;
    }

    public String hallId() {
        return hallId;
    }

    /** The last event the store still holds. */
    public long storeSeq() {
        return storeSeq;
    }

    /** The last event the hall knew durable. */
    public long durableSeq() {
        return durableSeq;
    }
}
