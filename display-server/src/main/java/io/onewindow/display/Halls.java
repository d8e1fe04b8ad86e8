package io.onewindow.display;

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
                throw new ConfigException("two halls have the id \"" + h.hall().id() + "\"");
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

    public Collection<LiveHall> live() {
        return byId.values();
    }

    /** Whether every hall has recovered and takes commands. */
    public boolean ready() {
        return byId.values().stream().allMatch(LiveHall::ready);
    }
}
