package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.gerenb.reference.Reference;

/** The trainer's view of cached references: regions from one cache entry, features from another. */
public final class ReferenceTargets implements ReplayReference {

    private final Reference regions;
    private final Reference features;

    /** Either may be null when the method needs no such reference. */
    public ReferenceTargets(Reference regions, Reference features) {
        if (regions == null && features == null) {
            throw new IllegalArgumentException("at least one reference is needed");
        }
        this.regions = regions;
        this.features = features;
    }

    private Reference stats() {
        return regions != null ? regions : features;
    }

    @Override
    public NDArray negativeThresholds(NDManager manager) {
        return stats().stats().negArray(manager);
    }

    @Override
    public NDArray positiveThresholds(NDManager manager) {
        return stats().stats().posArray(manager);
    }

    @Override
    public NDArray regions(int[] samples, int width, NDManager manager) {
        return regions == null || regions.regions() == null ? null
                : regions.regions().regions(samples, width, manager);
    }

    @Override
    public NDArray features(int[] samples, int width, NDManager manager) {
        return features == null || features.features() == null ? null
                : features.features().features(samples, width, manager);
    }
}
