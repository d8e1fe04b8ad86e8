package io.onewindow.evaluator;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What the gateway needs to know of a hall. Immutable.
 *
 * @param id               the hall id
 * @param name             its name
 * @param zone             its time zone: days, deadlines and figures are its local dates
 * @param calendar         its working days, for the deadlines of follow-up cases
 * @param regionCode       行政区划代码 of the hall for the national export ("" when not configured)
 * @param padTimeoutMillis how long a pad request waits for a rating (default 60 s)
 * @param periodDays       how long the phone link may rate (default 7 days)
 * @param defaultLevel     the rating a service left unrated past the period gets, stored flagged as the system's
 *                         ({@link EvaluationChannel#SYSTEM_DEFAULT}) and left out of every active figure; null
 *                         (the default) for none: the service stays unrated. 3..5 only: a default is never a 差评
 */
public record HallSettings(String id, String name, ZoneId zone, WorkingCalendar calendar, String regionCode,
                           long padTimeoutMillis, int periodDays, Level defaultLevel) {

    public static final long DEFAULT_PAD_TIMEOUT_MILLIS = 60_000;
    public static final int DEFAULT_PERIOD_DAYS = 7;

    public HallSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(regionCode, "regionCode");
        if (padTimeoutMillis < 1) {
            throw new IllegalArgumentException("padTimeoutMillis must be >= 1, was " + padTimeoutMillis);
        }
        if (periodDays < 1) {
            throw new IllegalArgumentException("periodDays must be >= 1, was " + periodDays);
        }
        if (defaultLevel != null && defaultLevel.bad()) {
            throw new IllegalArgumentException("defaultLevel must be 3..5 or none, was " + defaultLevel.value());
        }
    }

    /** A hall without a default rating. */
    public HallSettings(String id, String name, ZoneId zone, WorkingCalendar calendar, String regionCode,
                        long padTimeoutMillis, int periodDays) {
        this(id, name, zone, calendar, regionCode, padTimeoutMillis, periodDays, null);
    }

    /** The same hall with this default rating after the period (null for none). */
    public HallSettings withDefaultLevel(Level level) {
        return new HallSettings(id, name, zone, calendar, regionCode, padTimeoutMillis, periodDays, level);
    }

    /** A hall with the defaults: weekdays, 60 s at the pad, 7 days by phone. */
    public static HallSettings of(String id, String name, ZoneId zone) {
        return new HallSettings(id, name, zone, WorkingCalendar.WEEKDAYS, "", DEFAULT_PAD_TIMEOUT_MILLIS,
                DEFAULT_PERIOD_DAYS);
    }

    /**
     * A hall of the hall server: its zone, its calendar's working days (weekdays when its definition has no
     * calendar, which means a hall open every day: deadlines still skip weekends), and the settings of its
     * definition's {@code "evaluation"} object (pad timeout, period, default rating, region code).
     */
    public static HallSettings of(io.onewindow.core.HallDefinition d) {
        io.onewindow.core.HallCalendar c = d.calendar();
        WorkingCalendar cal = c == null || c.equals(io.onewindow.core.HallCalendar.EVERY_DAY)
                ? WorkingCalendar.WEEKDAYS : new WorkingCalendar(c.closedDays(), c.holidays(), c.workdays());
        io.onewindow.core.EvaluationRules e = d.evaluation();
        return new HallSettings(d.id(), d.name(), d.zone(), cal, e.regionCode(), e.padTimeoutSeconds() * 1000L,
                e.periodDays(), e.defaultRating() == 0 ? null : Level.of(e.defaultRating()));
    }

    public long periodMillis() {
        return periodDays * 86_400_000L;
    }
}
