package io.onewindow.display.hall;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The halls this server owns, in the order they were given. Immutable (the halls themselves are live). */
public final class Halls {

    private final Map<String, LiveHall> byId;

    public Halls(List<LiveHall> halls) {
        Map<String, LiveHall> m = new LinkedHashMap<>();
        for (LiveHall h : halls) {
            if (m.put(h.hall().id(), h) != null) {
                throw new IllegalArgumentException("two halls have the id \"" + h.hall().id() + "\"");
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /** The hall with this id, ready or not; null when this server runs none. */
    public LiveHall hall(String hallId) {
        return hallId == null ? null : byId.get(hallId);
    }

    /**
     * The hall of this id, recovered and taking requests: the one hall lookup of every front door.
     *
     * @throws HallUnavailableException {@code UNKNOWN_HALL} when this server runs no such hall, {@code NOT_READY}
     *                                  while it replays its journal, {@code JOURNAL_UNAVAILABLE} while its journal
     *                                  cannot write (what it would answer may not be durable),
     *                                  {@code JOURNAL_LOST_EVENTS} when its journal's store lost events it had
     *                                  made durable (for good)
     */
    public LiveHall serving(String hallId) {
        LiveHall h = hall(hallId);
        if (h == null) {
            throw new HallUnavailableException(HallUnavailableException.Reason.UNKNOWN_HALL,
                    "this server runs no hall \"" + clip(hallId) + "\"");
        }
        if (!h.ready()) {
            throw new HallUnavailableException(HallUnavailableException.Reason.NOT_READY,
                    "hall " + hallId + " is recovering its journal");
        }
        if (h.eventsLost() != null) {
            throw new HallUnavailableException(HallUnavailableException.Reason.JOURNAL_LOST_EVENTS,
                    h.eventsLost().getMessage());
        }
        if (h.followFailure() != null) {
            throw new HallUnavailableException(HallUnavailableException.Reason.REPLICA_STOPPED,
                    "this replica stopped following hall " + hallId + "; ask its owner or another replica");
        }
        if (h.journalFailure() != null) {
            String reason = h.journalFailureReason();
            throw new HallUnavailableException(HallUnavailableException.Reason.JOURNAL_UNAVAILABLE,
                    "hall " + hallId + " cannot make changes durable now; " + (reason != null ? reason
                    : "it serves again by itself once its journal writes"));
        }
        return h;
    }

    /** An id as a message shows it: bounded. */
    private static String clip(String id) {
        if (id == null) {
            return "";
        }
        return id.length() > 120 ? id.substring(0, 120) + "…" : id;
    }

    /**
     * A ticket's phone link: the hall that issued the ticket and its id.
     *
     * @param hall     the hall, recovered and taking requests
     * @param ticketId the ticket
     */
    public record TrackedTicket(LiveHall hall, long ticketId) {
    }

    /**
     * The ticket whose phone link carries this token, in whichever hall issued it; null when none did.
     *
     * @throws HallUnavailableException {@code NOT_READY} when no ready hall knows the token and a hall is still
     *                                  replaying its journal (its phone links are not all known yet)
     */
    public TrackedTicket tracked(String token) {
        for (LiveHall h : byId.values()) {
            Long id = h.ready() ? h.ticketIdForTrackToken(token) : null;
            if (id != null) {
                return new TrackedTicket(h, id);
            }
        }
        if (!ready()) {
            throw new HallUnavailableException(HallUnavailableException.Reason.NOT_READY,
                    "the halls are recovering their journals");
        }
        return null;
    }

    /** Every hall, in the order given. */
    public Collection<LiveHall> live() {
        return byId.values();
    }

    /** The halls this replica no longer follows. */
    public List<LiveHall> followFailures() {
        return byId.values().stream().filter(h -> h.followFailure() != null).toList();
    }

    /** The halls that stopped for good because their journal's store lost events. */
    public List<LiveHall> lostEvents() {
        return byId.values().stream().filter(h -> h.eventsLost() != null).toList();
    }

    /** The halls whose journal cannot write now. */
    public List<LiveHall> journalFailures() {
        return byId.values().stream().filter(h -> h.journalFailure() != null).toList();
    }

    /** Whether every hall has recovered and takes commands. */
    public boolean ready() {
        return byId.values().stream().allMatch(LiveHall::ready);
    }
}
