package org.gerenb.reference;

import java.nio.file.Path;
import java.util.Locale;
import org.gerenb.model.LlamaModel;

/**
 * What the base model left behind for replay: statistics always, the region codes (TM) or the F16
 * features (L1/L2) when the kind asks for them, else null. Close it to release the feature file.
 *
 * @param build how the entry was built now; null when it was reused from the cache
 */
public record Reference(CacheKey key, int hiddenSize, ActivationStats stats, RegionStore regions,
        FeatureStore features, Path directory, boolean reused, Build build) implements AutoCloseable {

    /** The reference passes just run: tokens processed over all passes and the seconds they took. */
    public record Build(int passes, long tokens, double seconds) {

        public double tokensPerSecond() {
            return tokens / Math.max(1e-9, seconds);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d pass(es) over %d tokens in %.1f s, %.0f tokens/s", passes,
                    tokens / passes, seconds, tokensPerSecond());
        }
    }

    /**
     * Refuses to serve a model other than the one the reference was computed from: a different hidden
     * size, or a model directory whose fingerprint differs from the cached one.
     */
    public void verifyFor(LlamaModel model, Path modelDir) {
        if (model.config().hiddenSize() != hiddenSize) {
            throw new IllegalStateException("reference cache " + directory + " holds hidden size " + hiddenSize
                    + ", but the model has hidden size " + model.config().hiddenSize() + ": a cache from another model");
        }
        String fingerprint = ModelFingerprint.of(modelDir);
        if (!fingerprint.equals(key.modelFingerprint())) {
            throw new IllegalStateException("reference cache " + directory + " was built from model fingerprint "
                    + key.modelFingerprint() + ", but " + modelDir + " has fingerprint " + fingerprint
                    + ": a cache from another model");
        }
    }

    @Override
    public void close() {
        if (features != null) {
            features.close();
        }
    }
}
