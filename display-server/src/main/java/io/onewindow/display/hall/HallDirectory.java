package io.onewindow.display.hall;

import java.util.Collection;

/** The halls this server runs. Thread-safe. */
public interface HallDirectory {

    /** The hall with this id, or null. */
    HallRuntime hall(String hallId);

    Collection<HallRuntime> halls();
}
