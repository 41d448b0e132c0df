package org.gerenb.train;

import ai.djl.ndarray.NDArray;

/** The base model's logits for a replay batch, for KL imitation (a frozen copy, or LoRA switched off). */
@FunctionalInterface
public interface ReferenceLogits {
    NDArray logits(NDArray ids, NDArray mask);
}
