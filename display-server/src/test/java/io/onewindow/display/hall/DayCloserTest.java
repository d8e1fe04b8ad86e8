package io.onewindow.display.hall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DayCloserTest {

    @Test
    void shouldCloseAtTheHallsMidnightWhateverTheServersZone() {
        long now = Instant.parse("2026-11-23T15:59:00Z").toEpochMilli(); // 23:59 in Shanghai

        long next = DayCloser.nextMidnightMillis(ZoneId.of("Asia/Shanghai"), now);

        assertThat(Instant.ofEpochMilli(next)).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
    }

    @Test
    void shouldCloseTheNextDayJustAfterMidnight() {
        long now = Instant.parse("2026-11-23T16:00:00Z").toEpochMilli(); // 00:00 on the 24th in Shanghai

        long next = DayCloser.nextMidnightMillis(ZoneId.of("Asia/Shanghai"), now);

        assertThat(Instant.ofEpochMilli(next)).isEqualTo(Instant.parse("2026-11-24T16:00:00Z"));
    }

    @Test
    void shouldFindTheMidnightOfADayThatStartsInADaylightSavingGap() {
        // Santiago springs forward at 00:00 on 2026-09-06: the day starts at 01:00 local (04:00Z)
        long now = Instant.parse("2026-09-06T02:00:00Z").toEpochMilli(); // 23:00 on the 5th, local

        long next = DayCloser.nextMidnightMillis(ZoneId.of("America/Santiago"), now);

        assertThat(Instant.ofEpochMilli(next)).isEqualTo(Instant.parse("2026-09-06T04:00:00Z"));
    }
}
