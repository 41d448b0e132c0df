package org.gerenb.loss;

/**
 * The weight w of the replay constraint: a fixed number (the reference code's '1' or '100') or dynamic
 * ('dy'), w = CE / (constraint + 1e-8) with both values detached, so w * constraint matches CE in size.
 */
public record ConstraintWeight(double fixed, boolean dynamic) {

    public static ConstraintWeight of(double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("constraint weight must be a finite number >= 0, got " + w);
        }
        return new ConstraintWeight(w, false);
    }

    public static ConstraintWeight dy() {
        return new ConstraintWeight(Double.NaN, true);
    }

    public double value(double ce, double constraint) {
        return dynamic ? ce / (constraint + 1e-8) : fixed;
    }

    public String label() {
        return dynamic ? "dy" : (fixed == Math.rint(fixed) ? Long.toString((long) fixed) : Double.toString(fixed));
    }
}
