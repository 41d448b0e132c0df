package org.gerenb.reference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.WeightPrecision;

/** Tiny random models and replay sets, and hidden states computed one sample at a time (no padding). */
final class TinyModels {

    static final int VOCAB = 50;
    static final int HIDDEN = 16;
    static final int MAX_LENGTH = 40;

    private TinyModels() {
    }

    static LlamaConfig config(int hidden) {
        return LlamaConfig.llama(VOCAB, hidden, 32, 2, 4, 2, 64, false);
    }

    static LlamaModel model(long seed) {
        return LlamaModel.initialize(config(HIDDEN), Device.cpu(), seed);
    }

    static Path save(LlamaModel model, Path dir) {
        Checkpoint.save(model, null, dir, WeightPrecision.F32);
        return dir;
    }

    /** Samples of 2..MAX_LENGTH random ids; the fingerprint only has to differ between seeds and sizes. */
    static ReplaySet replay(long seed, int count) {
        Random random = new Random(seed);
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] ids = new long[2 + random.nextInt(MAX_LENGTH - 1)];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = random.nextInt(VOCAB);
            }
            samples.add(ids);
        }
        return new ReplaySet(List.copyOf(samples), Path.of("random-" + seed + ".jsonl"), MAX_LENGTH,
                "random-" + seed + "-" + count);
    }

    /** Final hidden states of one sample run alone: [length][D]. */
    static float[][] hiddenStates(LlamaModel model, long[] sample) {
        NDManager manager = model.manager();
        try (NDScope ignored = new NDScope()) {
            NDArray ids = manager.create(sample, new Shape(1, sample.length));
            NDArray mask = manager.ones(new Shape(1, sample.length), ai.djl.ndarray.types.DataType.INT64);
            float[] flat = model.forward(ids, mask, false, false).lastHidden().toFloatArray();
            int hidden = model.config().hiddenSize();
            float[][] states = new float[sample.length][hidden];
            for (int t = 0; t < sample.length; t++) {
                System.arraycopy(flat, t * hidden, states[t], 0, hidden);
            }
            return states;
        }
    }
}
