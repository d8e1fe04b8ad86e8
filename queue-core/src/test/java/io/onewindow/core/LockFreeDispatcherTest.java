package io.onewindow.core;

import java.time.Clock;

class LockFreeDispatcherTest extends DispatcherContract {
    @Override
    Dispatcher create(HallDefinition hall, Clock clock) {
        return TestHalls.lockFree(hall, clock);
    }
}
