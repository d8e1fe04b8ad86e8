package io.onewindow.core.metrics;

/**
 * Turns the queue model's figure into what a citizen is told: a single figure and a range around it that holds
 * the real wait for about 8 tickets in 10, kept so by the hall's own waits. Confined to the thread that holds the
 * {@link HallMetrics} monitor.
 *
 * <p><b>The shape.</b> With {@code k} tickets ahead of the idle windows and windows freeing up at a steady rate,
 * the wait is the time of the k-th departure: a Gamma(k) variable whose mean is the model's figure. Its
 * percentiles over its mean are {@code g(z) = (1 - 1/(9k) + z sqrt(1/(9k)))^3} (Wilson-Hilferty). The single
 * figure is the median, {@code model * g(0)}: the figure with the smallest expected absolute error, shorter than
 * the mean for a near ticket (for k = 1, 0.70 of it), as a wait's distribution leans right. The range is
 * {@code model * [g(0) - W (g(0) - g(-1.28)), g(0) + W (g(1.28) - g(0))]}, the 10th to 90th percentiles when
 * {@code W} = 1.
 *
 * <p><b>Kept honest.</b> What the model leaves out (rates that change, green-channel tickets that overtake,
 * windows that pause) makes real waits spread more or less than Gamma(k). Each ticket's first range is
 * remembered ({@link HallMetrics}); at its first call, the widening {@code W} is multiplied by
 * {@code exp(GAIN (miss - 0.2))}, miss being 1 when the real wait fell outside that range, else 0: it grows after
 * a miss, shrinks a little after a hit, and settles where 2 waits in 10 fall outside (adaptive conformal
 * inference, Gibbs and Candes 2021). A ticket the model expected to be called at once ({@code k = 0}) is told 0;
 * it counts in the adjustment too, so that the share is of all the tickets told a range, as a citizen counts.
 */
final class WaitCalibration {

    /** The widening a new hall starts from: the Gamma percentiles as they are. */
    static final double INITIAL_WIDENING = 1.0;
    /** How fast the widening follows the misses: a miss widens by about 4 %, a hit narrows by about 1 %. */
    static final double GAIN = 0.05;
    /** The share of real waits meant to fall outside the range. */
    static final double MISS_TARGET = 0.2;
    private static final double MIN_WIDENING = 0.05;
    private static final double MAX_WIDENING = 4;
    private static final double Z90 = 1.2816;

    private double widening = INITIAL_WIDENING;

    /** The estimate for the model's figure made with {@code ahead} tickets ahead of the idle windows. */
    WaitEstimate estimate(int ahead, double modelMillis) {
        if (ahead <= 0 || modelMillis <= 0) {
            return WaitEstimate.NONE;
        }
        double median = gammaOverMean(ahead, 0);
        double low = Math.max(0, median - widening * (median - gammaOverMean(ahead, -Z90)));
        double high = median + widening * (gammaOverMean(ahead, Z90) - median);
        long lowSeconds = Math.round(low * modelMillis / 1000.0);
        long seconds = Math.max(lowSeconds, Math.round(median * modelMillis / 1000.0));
        long highSeconds = Math.max(seconds, Math.round(high * modelMillis / 1000.0));
        return new WaitEstimate(seconds, lowSeconds, highSeconds, Math.round(modelMillis / 1000.0));
    }

    /** A first call: the real wait from the ticket's first estimate, against the range that estimate gave. */
    void observe(WaitEstimate given, long realMillis) {
        double real = realMillis / 1000.0;
        boolean miss = real < given.lowSeconds() - 0.5 || real > given.highSeconds() + 0.5;
        widening *= Math.exp(GAIN * ((miss ? 1 : 0) - MISS_TARGET));
        widening = Math.min(MAX_WIDENING, Math.max(MIN_WIDENING, widening));
    }

    /** The current widening W (1 = the Gamma percentiles as they are). */
    double widening() {
        return widening;
    }

    /** The z-quantile of Gamma(k) over its mean k, by Wilson-Hilferty, never below 0. */
    static double gammaOverMean(int k, double z) {
        double v = 1.0 / (9 * k);
        double c = 1 - v + z * Math.sqrt(v);
        return c <= 0 ? 0 : c * c * c;
    }
}
