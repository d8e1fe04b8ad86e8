package io.onewindow.core.sim;

/**
 * Quantiles of Student's t distribution for confidence intervals over independent runs. Immutable (static).
 */
final class StudentT {

    /** t(0.975, df) for df = 1..30. */
    private static final double[] Q975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};
    private static final double Z975 = 1.959964;

    private StudentT() {
    }

    /**
     * The two-sided 95 % quantile t(0.975, df): from the table up to 30 degrees of freedom, beyond it by the
     * Cornish-Fisher expansion around the normal quantile (error below 0.001 there).
     */
    static double q975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df must be >= 1, was " + df);
        }
        if (df <= Q975.length) {
            return Q975[df - 1];
        }
        double z = Z975;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    /** The 95 % half-width of the mean of independent values, or NaN for fewer than two. */
    static double halfWidth95(double[] values, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += values[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (values[i] - mean) * (values[i] - mean);
        }
        return q975(n - 1) * Math.sqrt(ss / (n - 1) / n);
    }
}
