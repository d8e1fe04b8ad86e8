package io.onewindow.core.sim;

/**
 * Queueing formulas the simulator is checked against: Erlang C for M/M/c, and Cobham's formula for
 * non-preemptive priority classes in M/M/c with one service rate. Rates in any one time unit, used consistently.
 */
final class ErlangC {

    private ErlangC() {
    }

    /**
     * C(c, a): the probability that an arrival waits in M/M/c with offered load {@code a = lambda / mu < c}.
     * Through the stable Erlang B recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), then
     * C = c B / (c - a (1 - B)).
     */
    static double probabilityOfWaiting(int c, double a) {
        if (a <= 0 || a >= c) {
            throw new IllegalArgumentException("need 0 < a < c, was a=" + a + " c=" + c);
        }
        double b = 1;
        for (int k = 1; k <= c; k++) {
            b = a * b / (k + a * b);
        }
        return c * b / (c - a * (1 - b));
    }

    /** Mean wait in queue of M/M/c FCFS: W = C(c, a) / (c mu - lambda). */
    static double meanWait(int c, double lambda, double mu) {
        return probabilityOfWaiting(c, lambda / mu) / (c * mu - lambda);
    }

    /** P(wait > t) in M/M/c FCFS: C(c, a) exp(-(c mu - lambda) t). */
    static double probabilityWaitExceeds(int c, double lambda, double mu, double t) {
        return probabilityOfWaiting(c, lambda / mu) * Math.exp(-(c * mu - lambda) * t);
    }

    /**
     * Cobham's mean wait of class {@code k} (0 = highest) in non-preemptive priority M/M/c with one service rate
     * {@code mu} for every class: W_k = [C(c, a) / (c mu)] / ((1 - sigma_{k-1}) (1 - sigma_k)), where a is the
     * total offered load and sigma_k = sum over classes i <= k of lambda_i / (c mu) (sigma_{-1} = 0).
     */
    static double cobhamMeanWait(int c, double mu, double[] lambdas, int k) {
        double total = 0;
        for (double l : lambdas) {
            total += l;
        }
        double w0 = probabilityOfWaiting(c, total / mu) / (c * mu);
        double sigmaBefore = 0;
        for (int i = 0; i < k; i++) {
            sigmaBefore += lambdas[i] / (c * mu);
        }
        double sigma = sigmaBefore + lambdas[k] / (c * mu);
        return w0 / ((1 - sigmaBefore) * (1 - sigma));
    }
}
