package io.onewindow.display.ws;

/**
 * How the display and phone streams bound their clients. Immutable; validated once.
 *
 * @param writeQueueMaxBytes bytes a client may have queued and unsent before it is cut off as too slow (it
 *                           reconnects with {@code since} and catches up); bounds memory per client
 * @param maxCatchUpEvents   the most missed events a reconnecting client is sent one by one; past that it gets a
 *                           fresh Snapshot instead (a snapshot is smaller than a long backlog)
 * @param heartbeatMillis    how often an idle stream proves it is alive: an SSE comment, a WebSocket ping
 * @param maxEventsPerPass   the most events one drain pass writes before it yields the event loop to I/O and
 *                           schedules the next pass
 * @param screensPerSlice    the most display clients one slice of a pass writes before it yields the event loop
 *                           to the tasks queued meanwhile (a command's answer, a request) and goes on with the next
 *                           slice: a pass over thousands of screens never holds an answer back for all of them
 */
public record StreamConfig(int writeQueueMaxBytes, int maxCatchUpEvents, long heartbeatMillis,
                           int maxEventsPerPass, int screensPerSlice) {

    /** 64 screens per slice: about a millisecond of writes. */
    public static final int DEFAULT_SCREENS_PER_SLICE = 64;

    /**
     * 128 KiB per client, 256 events of catch-up, a heartbeat every 15 s, 256 events per pass, 64 screens per
     * slice.
     */
    public static final StreamConfig DEFAULTS = new StreamConfig(128 * 1024, 256, 15_000, 256,
            DEFAULT_SCREENS_PER_SLICE);

    /** With {@link #DEFAULT_SCREENS_PER_SLICE}. */
    public StreamConfig(int writeQueueMaxBytes, int maxCatchUpEvents, long heartbeatMillis, int maxEventsPerPass) {
        this(writeQueueMaxBytes, maxCatchUpEvents, heartbeatMillis, maxEventsPerPass, DEFAULT_SCREENS_PER_SLICE);
    }

    public StreamConfig {
        if (writeQueueMaxBytes < 1024) {
            throw new IllegalArgumentException("writeQueueMaxBytes must be >= 1024, was " + writeQueueMaxBytes);
        }
        if (maxCatchUpEvents < 0) {
            throw new IllegalArgumentException("maxCatchUpEvents must be >= 0, was " + maxCatchUpEvents);
        }
        if (heartbeatMillis < 10) {
            throw new IllegalArgumentException("heartbeatMillis must be >= 10, was " + heartbeatMillis);
        }
        if (maxEventsPerPass < 1) {
            throw new IllegalArgumentException("maxEventsPerPass must be >= 1, was " + maxEventsPerPass);
        }
        if (screensPerSlice < 1) {
            throw new IllegalArgumentException("screensPerSlice must be >= 1, was " + screensPerSlice);
        }
    }
}
