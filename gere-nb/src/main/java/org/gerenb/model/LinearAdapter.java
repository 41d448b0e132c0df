package org.gerenb.model;

import ai.djl.ndarray.NDArray;

/** A trainable addition to one frozen projection (e.g. a LoRA pair); returns the delta to add to W x. */
@FunctionalInterface
public interface LinearAdapter {
    NDArray delta(NDArray input);
}
