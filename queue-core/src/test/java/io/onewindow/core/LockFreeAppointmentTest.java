package io.onewindow.core;

import java.time.Clock;

class LockFreeAppointmentTest extends AppointmentContract {
    @Override
    Dispatcher create(HallDefinition hall, Clock clock) {
        return TestHalls.lockFree(hall, clock);
    }
}
