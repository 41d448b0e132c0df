package org.gerenb.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Each loss against values worked out by hand from its formula in gere-method.md. */
class LossFormulaTest {

    /**
     * One sequence, two tokens (the second is padding), two dimensions; thresholds neg = (-1, 0), pos = (1, 2).
     * token 0: d0 region NEGATIVE, h = -0.5 -> relu(-0.5 - (-1)) = 0.5
     *          d1 region NEUTRAL,  h = 3    -> relu(3 - 2) + relu(0 - 3) = 1
     * token 1 (padding): anything, ignored.
     * TM = (0.5 + 1) / 2 violations = 0.75
     */
    @Test
    void thresholdMarginByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray hidden = m.create(new float[] {-0.5f, 3f, 9f, 9f}, new Shape(1, 2, 2));
            NDArray regions = m.create(new byte[] {0, 1, 2, 0}, new Shape(1, 2, 2));
            NDArray mask = m.create(new long[] {1, 0}, new Shape(1, 2));
            ThresholdMargin.Result r = ThresholdMargin.compute(hidden, regions, m.create(new float[] {-1f, 0f}),
                    m.create(new float[] {1f, 2f}), mask);
            assertEquals(0.75, r.loss().getFloat(), 1e-6);
            assertEquals(2, r.violations().getFloat());
            assertEquals(1.0, r.violationRate(), 1e-9); // both elements of the one real token violate
        }
    }

    /** Positive region: relu(pos - h); h = 0.5 under pos = 1 gives 0.5 / 1 violation. Inside regions give 0. */
    @Test
    void positiveRegionAndZeroWhenInside() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray neg = m.create(new float[] {-1f});
            NDArray pos = m.create(new float[] {1f});
            NDArray mask = m.create(new long[] {1, 1, 1}, new Shape(1, 3));
            NDArray hidden = m.create(new float[] {0.5f, -2f, 0f}, new Shape(1, 3, 1));
            NDArray regions = m.create(new byte[] {2, 0, 1}, new Shape(1, 3, 1));
            assertEquals(0.5, ThresholdMargin.compute(hidden, regions, neg, pos, mask).loss().getFloat(), 1e-6);
            NDArray inside = m.create(new float[] {1.5f, -2f, 0f}, new Shape(1, 3, 1));
            assertEquals(0f, ThresholdMargin.compute(inside, regions, neg, pos, mask).loss().getFloat());
        }
    }

    /** d TM / d h by central differences: TM is piecewise linear, so away from kinks they agree closely. */
    @Test
    void thresholdMarginGradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray hidden = m.randomNormal(0f, 2f, new Shape(2, 3, 4), DataType.FLOAT32).toType(DataType.FLOAT64, false);
            NDArray regions = m.randomInteger(0, 3, new Shape(2, 3, 4), DataType.INT8);
            NDArray neg = m.create(new double[] {-1, -0.5, -2, 0});
            NDArray pos = m.create(new double[] {1, 0.5, 0.3, 2});
            NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 0}, new Shape(2, 3));
            hidden.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(ThresholdMargin.compute(hidden, regions, neg, pos, mask).loss());
            }
            double[] analytic = hidden.getGradient().toDoubleArray();
            double[] h = hidden.toDoubleArray();
            double step = 1e-5;
            for (int i = 0; i < h.length; i++) {
                double up = tm(m, h, i, step, regions, neg, pos, mask);
                double down = tm(m, h, i, -step, regions, neg, pos, mask);
                assertEquals((up - down) / (2 * step), analytic[i], 1e-6, "element " + i);
            }
        }
    }

    private static double tm(NDManager m, double[] h, int i, double delta, NDArray regions, NDArray neg, NDArray pos,
            NDArray mask) {
        double[] moved = h.clone();
        moved[i] += delta;
        NDArray hidden = m.create(moved, new Shape(2, 3, 4));
        return ThresholdMargin.compute(hidden, regions, neg, pos, mask).loss().toDoubleArray()[0];
    }

    /**
     * One token, vocabulary 2, T = 1: p_ref = softmax(0, 0) = (0.5, 0.5), p_cur = softmax(ln 3, 0) = (0.75, 0.25).
     * KL = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25) = 0.5 ln(4/3) ... = 0.5 (ln 2 - ln 1.5) = 0.143841...
     * With T = 2 the logits halve: p_cur = softmax(ln 3 / 2, 0) = (sqrt3/(1+sqrt3), 1/(1+sqrt3)).
     */
    @Test
    void klByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray current = m.create(new float[] {(float) Math.log(3), 0f, 5f, 5f}, new Shape(1, 2, 2));
            NDArray reference = m.create(new float[] {0f, 0f, 1f, -1f}, new Shape(1, 2, 2));
            NDArray mask = m.create(new long[] {1, 0}, new Shape(1, 2));
            assertEquals(0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25),
                    LogitImitation.kl(current, reference, mask, 1).getFloat(), 1e-6);
            double s3 = Math.sqrt(3);
            double expected = 0.5 * Math.log(0.5 / (s3 / (1 + s3))) + 0.5 * Math.log(0.5 / (1 / (1 + s3)));
            assertEquals(expected, LogitImitation.kl(current, reference, mask, 2).getFloat(), 1e-6);
        }
    }

    /** Two valid tokens x 2 dims, differences (1, -2) and (0, 3); padding token ignored. L1 = 6/4, L2 = 14/4. */
    @Test
    void featureImitationByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray hidden = m.create(new float[] {1, -2, 0, 3, 7, 7}, new Shape(1, 3, 2));
            NDArray reference = m.zeros(new Shape(1, 3, 2));
            NDArray mask = m.create(new long[] {1, 1, 0}, new Shape(1, 3));
            assertEquals(1.5, FeatureImitation.l1(hidden, reference, mask).getFloat(), 1e-6);
            assertEquals(3.5, FeatureImitation.l2(hidden, reference, mask).getFloat(), 1e-6);
        }
    }

    /** dy: w = CE / (TM + 1e-8); CE 2.0 and TM 0.5 give w = 4, so w * TM equals CE. */
    @Test
    void dynamicWeightMatchesCe() {
        assertEquals(4.0, ConstraintWeight.dy().value(2.0, 0.5), 1e-6);
        assertEquals(100.0, ConstraintWeight.of(100).value(2.0, 0.5));
        assertEquals("dy", ConstraintWeight.dy().label());
    }
}
