package io.onewindow.display.hall;

/**
 * A hall that cannot take a request now, for a reason that is not the hall's own decision (those are the core's
 * {@link io.onewindow.core.Refusal}s): it is not on this server, still recovering, a read-only replica, has too
 * many commands waiting for its journal, or its journal failed. Thrown before anything changes, except for
 * {@link Reason#JOURNAL_UNAVAILABLE}, where the change was made in memory but is not durable. Immutable; each
 * front door (HTTP, streams) maps the reason to its answer in its one failure handler.
 */
public final class HallUnavailableException extends RuntimeException {

    /** Why, with the error code of API.md's error JSON. */
    public enum Reason {
        /** This server runs no hall of that id. */
        UNKNOWN_HALL,
        /** The hall is replaying its journal; it answers once recovered. */
        NOT_READY,
        /** This instance follows the hall read-only: commands go to its owner. */
        READ_ONLY,
        /** Too many commands of the hall wait for its journal: try again in a moment. */
        TOO_MANY_REQUESTS,
        /** The journal failed: the command's event is not durable. */
        JOURNAL_UNAVAILABLE,
        /** This replica stopped following the hall: what it would answer is frozen. */
        REPLICA_STOPPED,
        /**
         * The journal's store lost events the hall had made durable (a Redis restarted without its append-only
         * file, or flushed): the hall stopped for good rather than issue numbers again.
         */
        JOURNAL_LOST_EVENTS;

        /** The error code, as API.md writes it. */
        public String code() {
            return name();
        }
    }

    private final Reason reason;

    public HallUnavailableException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
