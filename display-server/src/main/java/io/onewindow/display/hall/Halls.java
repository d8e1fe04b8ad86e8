package io.onewindow.display.hall;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The halls this server owns, in the order they were given. Immutable (the halls themselves are live). */
public final class Halls implements HallDirectory {

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

    @Override
    public LiveHall hall(String hallId) {
        return hallId == null ? null : byId.get(hallId);
    }

    @Override
    public Collection<HallRuntime> halls() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /**
     * The hall of this id, recovered and taking requests: the one hall lookup of every front door.
     *
     * @throws HallUnavailableException {@code UNKNOWN_HALL} when this server runs no such hall, {@code NOT_READY}
     *                                  while it replays its journal
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
        return h;
    }

    /** An id as a message shows it: bounded. */
    private static String clip(String id) {
        if (id == null) {
            return "";
        }
        return id.length() > 120 ? id.substring(0, 120) + "…" : id;
    }

    public Collection<LiveHall> live() {
        return byId.values();
    }

    /** Whether every hall has recovered and takes commands. */
    public boolean ready() {
        return byId.values().stream().allMatch(LiveHall::ready);
    }
}
