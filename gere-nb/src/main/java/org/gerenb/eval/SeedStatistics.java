package org.gerenb.eval;

import java.util.Arrays;

/**
 * Means over seeds with 95% confidence intervals from Student's t, and paired differences of two
 * methods run with the same seeds (the same task samples, batch orders and replay samples):
 *
 * <pre>
 *   mean = sum_s x_s / n      ci95 = t_{0.975, n-1} * sd / sqrt(n)      sd^2 = sum_s (x_s - mean)^2 / (n - 1)
 *   paired difference: the same over d_s = a_s - b_s; a difference holds when its interval excludes 0
 * </pre>
 * NaN values (unmeasured) are left out; one value has no interval (ci95 NaN).
 */
public final class SeedStatistics {

    /** t_{0.975, df} for df = 1..30; beyond that the normal 1.96 is within 2%. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** A mean over n seeds and the half-width of its 95% interval. */
    public record Estimate(double mean, double ci95, int n) {
        public double lower() {
            return mean - ci95;
        }

        public double upper() {
            return mean + ci95;
        }

        /** The interval lies wholly above or below 0 (for a paired difference: the methods differ). */
        public boolean excludesZero() {
            return !Double.isNaN(ci95) && (lower() > 0 || upper() < 0);
        }
    }

    private SeedStatistics() {
    }

    public static Estimate of(double[] values) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        int n = finite.length;
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(finite).average().orElseThrow();
        if (n == 1) {
            return new Estimate(mean, Double.NaN, 1);
        }
        double squares = Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum();
        return new Estimate(mean, tQuantile975(n - 1) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n), n);
    }

    /** The mean of a_s - b_s with its interval; the arrays are indexed by the same seeds. */
    public static Estimate pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values need the same seeds, got " + a.length + " and " + b.length);
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = a[i] - b[i];
        }
        return of(differences);
    }

    static double tQuantile975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + degreesOfFreedom);
        }
        return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.96;
    }
}
