package io.onewindow.display.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.Refusal;
import io.onewindow.core.Refusal.Code;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalStatusTest {

    @Test
    void shouldMapEveryRefusalCodeToItsStatus() {
        Map<Code, Integer> expected = new EnumMap<>(Code.class);
        expected.put(Code.NOBODY_WAITING, 204);
        expected.put(Code.UNKNOWN_CATEGORY, 404);
        expected.put(Code.UNKNOWN_WINDOW, 404);
        expected.put(Code.UNKNOWN_TICKET, 404);
        expected.put(Code.WINDOW_BUSY, 409);
        expected.put(Code.WINDOW_NOT_OPEN, 409);
        expected.put(Code.NO_CURRENT_TICKET, 409);
        expected.put(Code.WRONG_STATE, 409);
        expected.put(Code.DAILY_CAP_REACHED, 409);
        expected.put(Code.OUTSIDE_ISSUE_HOURS, 409);
        expected.put(Code.DUPLICATE_TICKET, 409);
        expected.put(Code.BAD_ID_NUMBER, 400);
        expected.put(Code.SAME_CATEGORY, 400);
        expected.put(Code.BAD_REQUEST, 400);
        expected.put(Code.BAD_SLOT, 400);
        expected.put(Code.BAD_PHONE, 400);
        expected.put(Code.SLOT_FULL, 409);
        expected.put(Code.ALREADY_BOOKED, 409);
        expected.put(Code.BOOKING_LIMIT_REACHED, 409);
        expected.put(Code.BOOKING_BLOCKED, 403);
        expected.put(Code.UNKNOWN_APPOINTMENT, 404);
        expected.put(Code.NOT_BOOKED, 409);
        expected.put(Code.TOO_EARLY, 409);
        expected.put(Code.TOO_LATE, 409);

        Map<Code, Integer> actual = new EnumMap<>(Code.class);
        for (Code c : Code.values()) {
            actual.put(c, RefusalStatus.of(c));
        }

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void shouldCarryTheRefusalCodeAndMessageIntoTheErrorJson() {
        ApiException e = RefusalStatus.toException(Refusal.of(Code.WINDOW_BUSY, "window 1 holds A001"));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.code()).isEqualTo("WINDOW_BUSY");
        assertThat(e.getMessage()).isEqualTo("window 1 holds A001");
    }
}
