package org.gerenb.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * GeRe's threshold-based margin (TM) loss. For each replay token t and dimension d, with current final
 * hidden value h, thresholds neg_d = mu_d - k sigma_d and pos_d = mu_d + k sigma_d from the base model,
 * and the region the base model's value r fell in:
 *
 * <pre>
 *   r <= neg_d          penalty = relu(h - neg_d)                       stay below
 *   neg_d < r < pos_d   penalty = relu(h - pos_d) + relu(neg_d - h)     stay between
 *   r >= pos_d          penalty = relu(pos_d - h)                       stay above
 *   TM = sum penalty / (#{(t, d): penalty > 0} + 1e-8)
 * </pre>
 * Padding tokens contribute nothing. Only the side of a threshold matters, not the reference value.
 */
public final class ThresholdMargin {

    public static final byte NEGATIVE = 0;
    public static final byte NEUTRAL = 1;
    public static final byte POSITIVE = 2;
    private static final float EPSILON = 1e-8f;

    /** The loss and how many elements violate their region (the activation-state violation count). */
    public record Result(NDArray loss, NDArray violations, NDArray elements) {

        public double violationRate() {
            return violations.getFloat() / Math.max(1f, elements.getFloat());
        }
    }

    private ThresholdMargin() {
    }

    /**
     * @param hidden  current final hidden states [B, T, D]
     * @param regions reference region codes [B, T, D] (INT8: 0 negative, 1 neutral, 2 positive)
     * @param neg     lower thresholds [D]
     * @param pos     upper thresholds [D]
     * @param mask    1 for tokens, 0 for padding [B, T]
     */
    public static Result compute(NDArray hidden, NDArray regions, NDArray neg, NDArray pos, NDArray mask) {
        NDArray below = Activation.relu(hidden.sub(neg));
        NDArray above = Activation.relu(pos.sub(hidden));
        NDArray outside = Activation.relu(hidden.sub(pos)).add(Activation.relu(neg.sub(hidden)));
        NDArray penalty = below.mul(is(regions, NEGATIVE))
                .add(outside.mul(is(regions, NEUTRAL)))
                .add(above.mul(is(regions, POSITIVE)))
                .mul(mask.toType(DataType.FLOAT32, false).expandDims(-1));
        NDArray violations = penalty.gt(0f).toType(DataType.FLOAT32, false).sum();
        NDArray loss = penalty.sum().div(violations.add(EPSILON));
        NDArray elements = mask.toType(DataType.FLOAT32, false).sum().mul((float) hidden.getShape().get(2));
        return new Result(loss, violations, elements);
    }

    private static NDArray is(NDArray regions, byte code) {
        return regions.eq(code).toType(DataType.FLOAT32, false);
    }
}
