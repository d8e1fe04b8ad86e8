package io.onewindow.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WaitCalibrationTest {

    private final WaitCalibration calibration = new WaitCalibration();
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void shouldWidenUntilEightWaitsInTenFallInsideWhenWaitsSpreadMoreThanTheModelSays() {
        // real waits of the next in line: exponential, but with a mean that itself varies threefold
        double covered = run(2000, () -> 300_000 * (0.4 + 1.2 * random.nextDouble()) * exponential(), 1);

        assertThat(calibration.widening()).isGreaterThan(WaitCalibration.INITIAL_WIDENING);
        assertThat(covered).isBetween(0.77, 0.83);
    }

    @Test
    void shouldNarrowUntilEightWaitsInTenFallInsideWhenWaitsSpreadLess() {
        // ten ahead, real waits within 10 % of the model's figure: the Gamma(10) range is far too wide
        double covered = run(2000, () -> 3_000_000 * (0.9 + 0.2 * random.nextDouble()), 10);

        assertThat(calibration.widening()).isLessThan(WaitCalibration.INITIAL_WIDENING);
        assertThat(covered).isBetween(0.77, 0.83);
    }

    @Test
    void shouldTellTheMedianAsTheSingleFigure() {
        WaitEstimate one = calibration.estimate(1, 300_000);
        WaitEstimate ten = calibration.estimate(10, 3_000_000);

        assertThat(one.seconds()).isEqualTo(211); // ln 2 = 0.693 of the mean for an exponential wait
        assertThat(ten.seconds()).isEqualTo(2901); // Gamma(10): 0.967 of the mean
        assertThat(ten.lowSeconds()).isEqualTo(1867);
        assertThat(ten.highSeconds()).isEqualTo(4260);
    }

    /** Feeds {@code n} tickets; returns the share of the last half whose real wait fell inside their range. */
    private double run(int n, java.util.function.DoubleSupplier realMillis, int ahead) {
        double model = ahead * 300_000;
        int inside = 0;
        for (int i = 0; i < n; i++) {
            WaitEstimate told = calibration.estimate(ahead, model);
            long real = Math.round(realMillis.getAsDouble());
            calibration.observe(told, real);
            if (i >= n / 2 && real >= told.lowSeconds() * 1000 && real <= told.highSeconds() * 1000) {
                inside++;
            }
        }
        return inside / (double) (n - n / 2);
    }

    private double exponential() {
        return -Math.log(1 - random.nextDouble());
    }
}
