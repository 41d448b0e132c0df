package org.gerenb.bench;

import java.util.List;

/** The median of a list of figures (the mean of the middle two for an even count); NaN for none. */
final class Median {

    private Median() {
    }

    static double of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
