package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TokenBatch;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.Test;

/** LoRA starts at the base model, trains only its adapters, and merges into the weights without changing outputs. */
class LoraAdaptersTest {

    private static final int VOCAB = 64;
    private static final LoraConfig CONFIG = new LoraConfig(4, 8, 0.1, List.of("q_proj", "v_proj"));

    private static final TokenBatch INPUT = TokenBatch.languageModeling(
            TinySetup.sequences(5, 3, VOCAB, 3, 9), 0);

    private static float[] logits(LlamaModel model) {
        NDManager m = model.manager();
        try (NDScope ignored = new NDScope()) {
            return model.forward(INPUT.idsArray(m), INPUT.maskArray(m)).logits().toFloatArray();
        }
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> parameters) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        parameters.forEach((name, p) -> copy.put(name, p.toFloatArray()));
        return copy;
    }

    @Test
    void zeroBMeansTheAdaptedModelIsExactlyTheBaseModel() {
        try (LlamaModel model = TinySetup.model(VOCAB, 32, 1)) {
            float[] base = logits(model);
            LoraAdapters lora = LoraAdapters.attach(model, CONFIG);
            assertEquals(2 * 2 * 2, lora.parameters().size(), "A and B for q and v of both layers");
            for (int layer = 0; layer < 2; layer++) {
                String q = "model.layers." + layer + ".self_attn.q_proj";
                assertTrue(model.adapters().containsKey(q), q);
                assertFalse(model.adapters().containsKey("model.layers." + layer + ".self_attn.k_proj"));
                float[] b = lora.parameters().get(q + ".lora_B.weight").toFloatArray();
                assertTrue(allZero(b), "B starts at zero");
                assertFalse(allZero(lora.parameters().get(q + ".lora_A.weight").toFloatArray()), "A is random");
            }
            // dropout is on (training mode), yet B = 0 makes every delta exactly zero
            assertArrayEquals(base, logits(model));
            lora.training(false);
            assertArrayEquals(base, logits(model));
        }
    }

    @Test
    void trainingChangesOnlyAdaptersAndMergingKeepsTheOutputs() {
        try (LlamaModel model = TinySetup.model(VOCAB, 32, 2)) {
            float[] baseLogits = logits(model);
            Map<String, float[]> base = snapshot(model.parameters());
            LoraAdapters lora = LoraAdapters.attach(model, CONFIG);
            Map<String, float[]> adaptersBefore = snapshot(lora.parameters());
            TrainOptions options = TrainOptions.defaults().epochs(3).learningRate(5e-2).warmupSteps(0)
                    .batch(4, 2).seed(3);
            new Trainer(model, lora.parameters(), ReplayStrategy.noReplay(), options, null, 0)
                    .train("t", TinySetup.taskItems(4, 8, VOCAB));

            base.forEach((name, before) -> assertArrayEquals(before, model.parameters().get(name).toFloatArray(),
                    "base weight " + name + " changed"));
            lora.parameters().forEach((name, p) -> assertFalse(java.util.Arrays.equals(adaptersBefore.get(name),
                    p.toFloatArray()), "adapter " + name + " did not change"));

            lora.training(false);
            float[] adapted = logits(model);
            assertArrayEquals(adapted, logits(model), "without dropout the adapted model is deterministic");
            assertTrue(maxDifference(baseLogits, adapted) > 1e-3, "training moved the outputs");

            lora.mergeIntoWeights();
            assertTrue(model.adapters().isEmpty(), "adapters removed");
            assertTrue(lora.parameters().isEmpty(), "pairs released");
            float[] merged = logits(model);
            assertTrue(maxDifference(adapted, merged) < 1e-5, "merged vs adapted: " + maxDifference(adapted, merged));
            base.forEach((name, before) -> {
                boolean target = name.endsWith("q_proj.weight") || name.endsWith("v_proj.weight");
                boolean same = java.util.Arrays.equals(before, model.parameters().get(name).toFloatArray());
                assertEquals(!target, same, name + (target ? " should hold the merged delta" : " should be untouched"));
            });
        }
    }

    @Test
    void targetsThatMatchNoProjectionAreRejected() {
        try (LlamaModel model = TinySetup.model(VOCAB, 16, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LoraAdapters.attach(model, CONFIG.targets("query")));
            assertTrue(e.getMessage().contains("[query]"), e.getMessage());
            assertTrue(model.adapters().isEmpty());
        }
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
