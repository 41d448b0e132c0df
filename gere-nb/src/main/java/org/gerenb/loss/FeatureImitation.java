package org.gerenb.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * L1 / L2 feature imitation: the mean absolute or squared difference between current and reference
 * final hidden states over every (token, dimension) element, padding excluded.
 */
public final class FeatureImitation {

    private FeatureImitation() {
    }

    public static NDArray l1(NDArray hidden, NDArray reference, NDArray mask) {
        return meanOverTokens(hidden.sub(reference).abs(), mask);
    }

    public static NDArray l2(NDArray hidden, NDArray reference, NDArray mask) {
        return meanOverTokens(hidden.sub(reference).square(), mask);
    }

    private static NDArray meanOverTokens(NDArray elementwise, NDArray mask) {
        NDArray tokens = mask.toType(DataType.FLOAT32, false);
        NDArray elements = tokens.sum().mul((float) elementwise.getShape().get(2)).maximum(1f);
        return elementwise.mul(tokens.expandDims(-1)).sum().div(elements);
    }
}
