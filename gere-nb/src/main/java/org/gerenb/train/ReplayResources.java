package org.gerenb.train;

import ai.djl.Device;
import java.nio.file.Path;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.reference.Reference;
import org.gerenb.reference.ReferenceCache;
import org.gerenb.reference.ReferenceKind;

/**
 * The replay set with what its constraint compares against, obtained on first need, reused across the
 * tasks of a sequence and closed together: the base model's activation regions (always, so that every
 * method's violation rate is logged), its last hidden states for L1/L2, and a frozen copy of the base
 * model for KL. The one place where the fluent API and the experiments assemble replay.
 */
public final class ReplayResources implements AutoCloseable {

    private final Path baseModel;
    private final Device device;
    private final ReplaySet replaySet;
    private final double k;
    private final Path cache;
    private final int batchSize;
    private Reference regions;
    private Reference features;
    private LlamaModel frozenBase;

    /** @param k the threshold multiplier (mu -/+ k sigma); @param batchSize of the reference pass */
    public ReplayResources(Path baseModel, Device device, ReplaySet replaySet, double k, Path cache, int batchSize) {
        this.baseModel = baseModel;
        this.device = device;
        this.replaySet = replaySet;
        this.k = k;
        this.cache = cache;
        this.batchSize = batchSize;
    }

    /** The reference pass's regions (computed once, then cached on disk). */
    public Reference regions() {
        if (regions == null) {
            regions = obtain(ReferenceKind.REGIONS);
        }
        return regions;
    }

    /** What the trainer compares the replay samples against under {@code strategy}. */
    public ReplayContext context(ReplayStrategy strategy) {
        // regions first: on a cache miss their pass loads a temporary base model, best before a frozen one is held
        Reference regionReference = regions();
        Reference featureReference = null;
        if (strategy.needs(ReplayConstraint.Needs.FEATURES)) {
            if (features == null) {
                features = obtain(ReferenceKind.FEATURES);
            }
            featureReference = features;
        }
        ReferenceLogits baseLogits = null;
        if (strategy.needs(ReplayConstraint.Needs.BASE_LOGITS)) {
            if (frozenBase == null) {
                frozenBase = Checkpoint.load(baseModel, device);
            }
            LlamaModel frozen = frozenBase;
            baseLogits = (ids, mask) -> frozen.forward(ids, mask).logits();
        }
        return new ReplayContext(replaySet, new ReferenceTargets(regionReference, featureReference), baseLogits);
    }

    private Reference obtain(ReferenceKind kind) {
        return ReferenceCache.obtain(baseModel, device, replaySet, k, kind, cache, batchSize);
    }

    /** Closes everything obtained, each even when closing another failed. */
    @Override
    public void close() {
        try (LlamaModel frozen = frozenBase; Reference f = features; Reference r = regions) {
            frozenBase = null;
            features = null;
            regions = null;
        }
    }
}
