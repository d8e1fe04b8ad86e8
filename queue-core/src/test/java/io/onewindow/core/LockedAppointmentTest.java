package io.onewindow.core;

import java.time.Clock;

class LockedAppointmentTest extends AppointmentContract {
    @Override
    Dispatcher create(HallDefinition hall, Clock clock) {
        return TestHalls.locked(hall, clock);
    }
}
