package org.gerenb.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.gerenb.model.Scalars;

/**
 * KL logit imitation on replay tokens, as the reference code's helper computes it:
 *
 * <pre>  KL = mean over tokens of sum_v p_ref(v) (log p_ref(v) - log p_cur(v)),  p = softmax(logits / T)</pre>
 */
public final class LogitImitation {

    private LogitImitation() {
    }

    public static NDArray kl(NDArray logits, NDArray referenceLogits, NDArray mask, double temperature) {
        float t = (float) temperature;
        NDArray logCurrent = Scalars.over(logits.toType(DataType.FLOAT32, false), t).logSoftmax(-1);
        NDArray logReference = referenceLogits.toType(DataType.FLOAT32, false).div(t).logSoftmax(-1);
        NDArray perToken = logReference.exp().mul(logReference.sub(logCurrent)).sum(new int[] {-1});
        NDArray tokens = mask.toType(DataType.FLOAT32, false);
        return perToken.mul(tokens).sum().div(tokens.sum().maximum(1f));
    }
}
