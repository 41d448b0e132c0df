package org.gerenb.train;

import org.gerenb.loss.ConstraintWeight;

/**
 * What is done with the replay set while a task is learned: nothing (plain sequential fine-tuning),
 * label fitting only (replay CE), or replay CE plus a constraint (KL, L1, L2 or TM) of weight w; with
 * the reference code's mixed batches, or batch interpolation: exactly {@code replayPerBatch} replay
 * samples in every global batch (0 = mixed).
 */
public record ReplayStrategy(boolean replay, ReplayConstraint constraint, ConstraintWeight weight, int replayPerBatch) {

    public static ReplayStrategy noReplay() {
        return new ReplayStrategy(false, null, ConstraintWeight.of(0), 0);
    }

    public static ReplayStrategy labelFitting() {
        return new ReplayStrategy(true, null, ConstraintWeight.of(0), 0);
    }

    public static ReplayStrategy constrained(ReplayConstraint constraint, ConstraintWeight weight) {
        return new ReplayStrategy(true, constraint, weight, 0);
    }

    public ReplayStrategy withWeight(ConstraintWeight w) {
        return new ReplayStrategy(replay, constraint, w, replayPerBatch);
    }

    public ReplayStrategy withReplayPerBatch(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("batch interpolation k must be >= 0, got " + k);
        }
        return new ReplayStrategy(replay, constraint, weight, k);
    }

    /** Whether the constraint compares against this record of the base model. */
    public boolean needs(ReplayConstraint.Needs what) {
        return constraint != null && constraint.needs() == what;
    }

    /** The paper's names: Baseline, BaselineR, BaselineR+TM (w=100), with " +BI(k)" when interpolating. */
    public String name() {
        String base = !replay ? "Baseline" : constraint == null ? "BaselineR"
                : "BaselineR+" + constraint.label() + " (w=" + weight.label() + ")";
        return replayPerBatch > 0 ? base + " +BI(" + replayPerBatch + ")" : base;
    }
}
