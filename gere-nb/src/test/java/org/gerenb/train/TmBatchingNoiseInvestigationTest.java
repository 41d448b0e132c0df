package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.gerenb.data.ReplaySet;
import org.gerenb.loss.ConstraintWeight;
import org.gerenb.model.Batches;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TokenBatch;
import org.gerenb.reference.ActivationStats;
import org.gerenb.reference.Reference;
import org.gerenb.reference.ReferenceCache;
import org.gerenb.reference.ReferenceKind;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * An investigation, run on request only ({@code -Dgere.investigate=true}), of why "TM is 0 at the first
 * step" holds only up to float noise: the base model's final hidden states of one replay sample differ
 * in the last bits between the reference pass's batches (sorted by length, 4 per batch, pad id 0) and a
 * training micro-batch (other companions, another width). A reference value lying between the two
 * results' values and a threshold flips region, and TM at step 0 is then one ulp-sized penalty over one
 * violating element: tiny as a value, but its gradient is w / 1 on that element, and with w = dy the
 * weight becomes CE / TM (about 1e7 to 1e8).
 *
 * <p>It places a threshold exactly on such a reference value (choosing k) to show the effect
 * deterministically; with k = 1 the chance per element is about 1e-9 (see the printed estimate).
 */
class TmBatchingNoiseInvestigationTest {

    private static final int VOCAB = 60;
    private static final int HIDDEN = 32;

    @TempDir
    Path dir;

    @Test
    void aThresholdOnAReferenceValueFlipsWithTrainingBatches() {
        assumeTrue(Boolean.getBoolean("gere.investigate"), "run with -Dgere.investigate=true");
        ReplaySet replay = TinySetup.replay(23, 11, VOCAB, 40);
        List<TrainingItem> task = TinySetup.taskItems(22, 5, VOCAB);
        try (LlamaModel base = TinySetup.model(VOCAB, HIDDEN, 21)) {
            Path modelDir = TinySetup.save(base, dir.resolve("base"));
            ActivationStats stats = ActivationStats.compute(base, replay, 1, 4);
            float[][][] reference = hidden(base, replay.samples(), Batches.byLength(replay.samples(), 4), 0);
            float[][][] training = hidden(base, replay.samples(),
                    List.of(IntStream.range(0, replay.size()).toArray()), 7);
            double[] mean = stats.mean();
            double[] std = stats.std();
            long elements = 0;
            long differing = 0;
            double expectedFlips = 0;
            int[] pick = null;
            for (int i = 0; i < reference.length; i++) {
                for (int t = 0; t < reference[i].length; t++) {
                    for (int d = 0; d < HIDDEN; d++) {
                        float r = reference[i][t][d];
                        float h = training[i][t][d];
                        elements++;
                        // chance that a threshold mu -/+ sigma falls between r and h, for roughly normal values
                        expectedFlips += Math.abs(r - h) * 2 * 0.242 / std[d];
                        if (r != h) {
                            differing++;
                            if (pick == null && h < r && r > mean[d]) {
                                pick = new int[] {i, t, d};
                            }
                        }
                    }
                }
            }
            System.out.printf("hidden states differing between reference and training batches: %d of %d;"
                    + " expected flips with k = 1: %.2e (%.2e per element)%n", differing, elements, expectedFlips,
                    expectedFlips / elements);
            assumeTrue(pick != null, "this engine gives bit-identical states across batchings");
            int d = pick[2];
            float r = reference[pick[0]][pick[1]][d];
            double k = (r - mean[d]) / std[d];
            assertEquals(r, (float) (mean[d] + k * std[d]), "pos_d lands on the reference value");
            System.out.printf("sample %d token %d dim %d: reference %s, training %s; k = %s puts pos_d on it%n",
                    pick[0], pick[1], d, r, training[pick[0]][pick[1]][d], k);
            try (Reference cached = ReferenceCache.obtain(base, modelDir, replay, k, ReferenceKind.REGIONS,
                    dir.resolve("cache"), 4)) {
                ReplayContext context = new ReplayContext(replay, new ReferenceTargets(cached, null), null);
                for (ConstraintWeight w : List.of(ConstraintWeight.of(0), ConstraintWeight.of(100), ConstraintWeight.dy())) {
                    try (LlamaModel model = TinySetup.model(VOCAB, HIDDEN, 21)) {
                        Table steps = new Trainer(model, model.parameters(),
                                ReplayStrategy.constrained(new ReplayConstraint.Tm(), w),
                                TrainOptions.defaults().epochs(1).warmupSteps(0).batch(16, 16), context, 7)
                                .train("t", task);
                        double tm = steps.doubleColumn("constraint").getDouble(0);
                        System.out.printf("w = %s: TM at step 0 = %s, violation rate %s, weight %s, grad norm %s%n",
                                w.label(), tm, steps.doubleColumn("violation_rate").getDouble(0),
                                steps.doubleColumn("weight").getDouble(0), steps.doubleColumn("grad_norm").getDouble(0));
                        assertTrue(tm > 0 && tm < 1e-6, "one ulp-sized violation: " + tm);
                    }
                }
            }
            assertNotNull(pick);
        }
    }

    /** Final hidden states per sample [length][D], computed in the given batches. */
    private static float[][][] hidden(LlamaModel model, List<long[]> samples, List<int[]> batches, long pad) {
        float[][][] out = new float[samples.size()][][];
        NDManager m = model.manager();
        int width = model.config().hiddenSize();
        for (int[] indices : batches) {
            try (NDScope ignored = new NDScope()) {
                TokenBatch b = TokenBatch.languageModeling(Batches.pick(samples, indices), pad);
                float[] flat = model.forward(b.idsArray(m), b.maskArray(m)).lastHidden().toFloatArray();
                for (int row = 0; row < indices.length; row++) {
                    int length = samples.get(indices[row]).length;
                    out[indices[row]] = new float[length][width];
                    for (int t = 0; t < length; t++) {
                        System.arraycopy(flat, (row * b.width() + t) * width, out[indices[row]][t], 0, width);
                    }
                }
            }
        }
        return out;
    }
}
