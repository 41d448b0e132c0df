package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.gerenb.loss.ThresholdMargin;
import org.gerenb.model.LlamaModel;

/**
 * One replay micro-batch after the forward pass, with what the base model left for its samples: ids and
 * mask [B, T], the output (logits [B, T, V], last hidden states [B, T, D]), the samples' replay indices,
 * and the TM terms when the reference holds regions (null otherwise).
 */
public record ReplayBatch(LlamaModel.Output output, NDArray ids, NDArray mask, int[] samples, int width,
        ThresholdMargin.Result margin, ReplayContext replay, NDManager manager) {

    /** The TM terms, which {@code constraint} needs. */
    public ThresholdMargin.Result margin(String constraint) {
        if (margin == null) {
            throw new IllegalStateException(constraint + " needs a reference with activation regions");
        }
        return margin;
    }

    /** The base model's logits for these ids [B, T, V], not differentiated. */
    public NDArray baseLogits() {
        return replay.referenceLogits().logits(ids, mask).stopGradient();
    }

    /** The base model's last hidden states [B, width, D], which {@code constraint} needs. */
    public NDArray baseFeatures(String constraint) {
        NDArray features = replay.reference().features(samples, width, manager);
        if (features == null) {
            throw new IllegalStateException(constraint + " needs a reference with stored features");
        }
        return features;
    }
}
