package io.onewindow.core.metrics;

/**
 * What a citizen is told about the wait of a waiting ticket: a range meant to hold the real wait for about 8 of
 * 10 tickets, and one figure inside it. Immutable.
 *
 * @param seconds      the single figure: the median of the range, the figure with the smallest absolute error
 * @param lowSeconds   the low end: about 1 ticket in 10 waits less
 * @param highSeconds  the high end: about 1 ticket in 10 waits more
 * @param modelSeconds the queue model before calibration ({@code position / rate}, the figure the hall gave
 *                     before the range existed); kept so that the simulator can compare the two on the same day
 */
public record WaitEstimate(long seconds, long lowSeconds, long highSeconds, long modelSeconds) {

    /** Nothing to wait for: the ticket is not waiting. */
    public static final WaitEstimate NONE = new WaitEstimate(0, 0, 0, 0);

    public WaitEstimate {
        if (lowSeconds < 0 || lowSeconds > seconds || seconds > highSeconds || modelSeconds < 0) {
            throw new IllegalArgumentException("need 0 <= low <= seconds <= high and model >= 0, was " + lowSeconds
                    + ", " + seconds + ", " + highSeconds + ", " + modelSeconds);
        }
    }
}
