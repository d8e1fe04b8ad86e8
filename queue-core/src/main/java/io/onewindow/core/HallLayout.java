package io.onewindow.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A hall definition compiled for dispatch: profiles resolved to category indices, minutes to millis. Immutable.
 */
final class HallLayout {

    final HallDefinition definition;
    final Category[] categories;
    final String[] windowIds;
    final int[][][] profiles;
    final long maxWaitMillis;
    final ZoneId zone;

    HallLayout(HallDefinition definition) {
        this.definition = definition;
        this.categories = definition.categories().toArray(new Category[0]);
        this.windowIds = definition.windows().stream().map(WindowDefinition::id).toArray(String[]::new);
        if (windowIds.length > WindowSlot.MAX_WINDOWS) {
            throw new IllegalArgumentException("a hall has at most " + WindowSlot.MAX_WINDOWS + " windows, this one "
                    + windowIds.length);
        }
        this.profiles = new int[windowIds.length][][];
        for (int w = 0; w < windowIds.length; w++) {
            profiles[w] = definition.profile(w);
        }
        this.maxWaitMillis = definition.maxWaitMinutes() * 60_000L;
        this.zone = definition.zone();
    }

    /** The hall's local date at this instant. */
    LocalDate localDate(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    /** The hall's local time of day at this instant. */
    LocalTime localTime(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    /** The first instant of a local date in the hall's zone (its midnight, or the first instant after a gap). */
    long startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
