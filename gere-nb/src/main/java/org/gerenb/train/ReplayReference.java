package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** What the base model left behind for the replay samples, as the constraints need it. */
public interface ReplayReference {

    /** Lower and upper thresholds mu -/+ k sigma, [D]. */
    NDArray negativeThresholds(NDManager manager);

    NDArray positiveThresholds(NDManager manager);

    /** Region codes [B, width, D] of the given samples, or null when this reference holds none. */
    NDArray regions(int[] samples, int width, NDManager manager);

    /** Final hidden states [B, width, D] of the given samples, or null when this reference holds none. */
    NDArray features(int[] samples, int width, NDManager manager);
}
