package org.gerenb.train;

import org.gerenb.loss.ConstraintWeight;

/**
 * What is done with the replay set while a task is learned: nothing (plain sequential fine-tuning),
 * label fitting only (replay CE), or replay CE plus a constraint (KL, L1, L2 or TM) of weight w; with
 * the reference code's mixed batches or batch interpolation (exactly k replay samples per global batch).
 */
public record ReplayStrategy(boolean replay, Constraint constraint, double temperature, ConstraintWeight weight,
        int interpolation) {

    public enum Constraint { NONE, KL, L1, L2, TM }

    public static ReplayStrategy noReplay() {
        return new ReplayStrategy(false, Constraint.NONE, 0, ConstraintWeight.of(0), 0);
    }

    public static ReplayStrategy labelFitting() {
        return new ReplayStrategy(true, Constraint.NONE, 0, ConstraintWeight.of(0), 0);
    }

    public static ReplayStrategy constrained(Constraint constraint, ConstraintWeight weight) {
        return new ReplayStrategy(true, constraint, constraint == Constraint.KL ? 2.0 : 0, weight, 0);
    }

    public ReplayStrategy withTemperature(double t) {
        if (!(t > 0)) {
            throw new IllegalArgumentException("KL temperature must be > 0, got " + t);
        }
        return new ReplayStrategy(replay, constraint, t, weight, interpolation);
    }

    public ReplayStrategy withWeight(ConstraintWeight w) {
        return new ReplayStrategy(replay, constraint, temperature, w, interpolation);
    }

    public ReplayStrategy withInterpolation(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("batch interpolation k must be >= 0, got " + k);
        }
        return new ReplayStrategy(replay, constraint, temperature, weight, k);
    }

    /** The paper's names: Baseline, BaselineR, BaselineR+TM (w=100), with " +BI(k)" when interpolating. */
    public String name() {
        String base = !replay ? "Baseline" : constraint == Constraint.NONE ? "BaselineR"
                : "BaselineR+" + constraint + (constraint == Constraint.KL ? "(T=" + trim(temperature) + ")" : "")
                + " (w=" + weight.label() + ")";
        return interpolation > 0 ? base + " +BI(" + interpolation + ")" : base;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
