package io.onewindow.core.sim;

import java.util.random.RandomGenerator;

/**
 * The distribution of the handling time of one category (call to completion, the citizen at the window).
 * Immutable.
 */
public sealed interface ServiceTime {

    /** The mean, in seconds. */
    double meanSeconds();

    /** One handling time in milliseconds, at least 1, drawn from {@code random}. */
    long sampleMillis(RandomGenerator random);

    /** Exponential with the given mean: the M of M/M/c. */
    record Exponential(double meanSeconds) implements ServiceTime {
        public Exponential {
            if (!(meanSeconds > 0) || Double.isInfinite(meanSeconds)) {
                throw new IllegalArgumentException("meanSeconds must be > 0, was " + meanSeconds);
            }
        }

        @Override
        public long sampleMillis(RandomGenerator random) {
            return Math.max(1, Math.round(random.nextExponential() * meanSeconds * 1000));
        }
    }

    /**
     * Lognormal with the given mean and standard deviation (of the time itself, not of its logarithm): the usual
     * shape of counter work, most services short and a long tail. With {@code s2 = ln(1 + sd^2/mean^2)} the
     * logarithm is normal with variance {@code s2} and mean {@code ln(mean) - s2/2}.
     */
    record LogNormal(double meanSeconds, double sdSeconds) implements ServiceTime {
        public LogNormal {
            if (!(meanSeconds > 0) || Double.isInfinite(meanSeconds)) {
                throw new IllegalArgumentException("meanSeconds must be > 0, was " + meanSeconds);
            }
            if (!(sdSeconds > 0) || Double.isInfinite(sdSeconds)) {
                throw new IllegalArgumentException("sdSeconds must be > 0, was " + sdSeconds);
            }
        }

        @Override
        public long sampleMillis(RandomGenerator random) {
            double s2 = Math.log1p((sdSeconds * sdSeconds) / (meanSeconds * meanSeconds));
            double mu = Math.log(meanSeconds) - s2 / 2;
            return Math.max(1, Math.round(Math.exp(mu + Math.sqrt(s2) * random.nextGaussian()) * 1000));
        }
    }
}
