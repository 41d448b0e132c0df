package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Next-token cross-entropy as Hugging Face computes it: logits at t predict labels at t + 1, labels of
 * -100 are skipped, and the mean is over the remaining targets.
 *
 * <pre>  CE = - sum_{t: y_{t+1} != -100} log softmax(logits_t)[y_{t+1}] / #{t: y_{t+1} != -100}</pre>
 */
public final class CausalLmLoss {

    private CausalLmLoss() {
    }

    /** Mean over all targets of the batch (a scalar). */
    public static NDArray mean(NDArray logits, NDArray labels) {
        Terms terms = terms(logits, labels);
        return terms.nll.sum().div(terms.targets.sum().maximum(1f));
    }

    /** Summed negative log-likelihood per row [B] (nats). */
    public static NDArray perSequence(NDArray logits, NDArray labels) {
        return terms(logits, labels).nll.sum(new int[] {1});
    }

    /** Number of targets per row [B]. */
    public static NDArray targetCounts(NDArray labels) {
        return shiftedLabels(labels).neq(TokenBatch.IGNORE).toType(DataType.FLOAT32, false).sum(new int[] {1});
    }

    private record Terms(NDArray nll, NDArray targets) {
    }

    /**
     * Per-position NLL [B, T] (zero where ignored; the last position predicts nothing) and the target
     * indicator. The labels are shifted rather than the logits sliced: slicing [B, T, V] would copy it
     * forward and fill a zero tensor of its size backward.
     */
    private static Terms terms(NDArray logits, NDArray labels) {
        NDArray next = shiftedLabels(labels);
        NDArray isTarget = next.neq(TokenBatch.IGNORE);
        NDArray safeIndex = next.mul(isTarget.toType(DataType.INT64, false)).expandDims(-1);
        NDArray logProbability = logits.toType(DataType.FLOAT32, false).logSoftmax(-1).gather(safeIndex, -1)
                .squeeze(-1);
        NDArray targets = isTarget.toType(DataType.FLOAT32, false);
        return new Terms(logProbability.neg().mul(targets), targets);
    }

    /** labels[:, t + 1] at position t, and -100 at the last position. */
    private static NDArray shiftedLabels(NDArray labels) {
        NDArray last = labels.getManager().full(new Shape(labels.getShape().get(0), 1), TokenBatch.IGNORE,
                labels.getDataType());
        return labels.get(":, 1:").concat(last, 1);
    }
}
