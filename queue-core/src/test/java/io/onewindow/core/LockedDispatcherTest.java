package io.onewindow.core;

import java.time.Clock;

class LockedDispatcherTest extends DispatcherContract {
    @Override
    Dispatcher create(HallDefinition hall, Clock clock) {
        return TestHalls.locked(hall, clock);
    }
}
