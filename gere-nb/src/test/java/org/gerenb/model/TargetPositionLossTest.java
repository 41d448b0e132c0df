package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The task loss computed from a pass read at the target positions only (its last layer and the vocabulary
 * projection there alone) equals the loss over full logits (Hugging Face labels), in value and in every
 * parameter's gradient: the embedded
 * model, prompts of different lengths (so rows are padded), answers of one and several tokens.
 */
class TargetPositionLossTest extends EmbeddedModelTest {

    @Test
    void targetPositionLossEqualsTheFullLogitLossInValueAndGradient() {
        List<long[]> items = new ArrayList<>();
        List<Integer> targetStarts = new ArrayList<>();
        String[][] examples = {{"Is this message spam?\nWin a free cruise now, reply YES\nAnswer:", "spam"},
            {"Which era is this passage from?\nAnd the LORD spake unto Moses, saying\nAnswer:", "early modern"},
            {"Source?\nThe subprocess module allows you to spawn new processes.\nAnswer:", "manual"}};
        for (String[] example : examples) {
            long[] prompt = tokenizer.encode(example[0]);
            long[] answer = tokenizer.encodePlain(example[1]);
            long[] ids = java.util.Arrays.copyOf(prompt, prompt.length + answer.length + 1);
            System.arraycopy(answer, 0, ids, prompt.length, answer.length);
            ids[ids.length - 1] = tokenizer.eosId();
            items.add(ids);
            targetStarts.add(prompt.length);
        }
        TokenBatch batch = TokenBatch.withTargets(items, targetStarts, tokenizer.padId());
        Map<String, float[]> fullGradients = new LinkedHashMap<>();
        Map<String, float[]> targetGradients = new LinkedHashMap<>();
        NDManager manager = model.manager();
        float full = lossAndGradients(() -> CausalLmLoss.mean(model.forward(batch.idsArray(manager),
                batch.maskArray(manager)).logits(), batch.labelsArray(manager)), fullGradients);
        float atTargets = lossAndGradients(() -> CausalLmLoss.meanAtTargets(model.forwardAt(batch.idsArray(manager),
                batch.maskArray(manager), manager.create(CausalLmLoss.targetPositions(batch.labels()))).lastHidden(),
                batch.labels(), model::lmHead), targetGradients);

        assertEquals(full, atTargets, 1e-5 * Math.abs(full));
        assertTrue(full > 0.5, "an untrained answer costs more than half a nat: " + full);
        for (String name : fullGradients.keySet()) {
            float[] expected = fullGradients.get(name);
            float[] actual = targetGradients.get(name);
            double scale = 0;
            double difference = 0;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(difference <= 1e-5 * scale + 1e-9, name + ": gradients differ by " + difference
                    + " (largest " + scale + ")");
        }
    }

    private static float lossAndGradients(java.util.function.Supplier<NDArray> loss, Map<String, float[]> gradients) {
        try (NDScope ignored = new NDScope()) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            // gradients accumulate across passes: start this one from zero
            model.parameters().values().forEach(p -> p.getGradient().muli(0));
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.get();
                value = l.getFloat();
                collector.backward(l);
            }
            model.parameters().forEach((name, p) -> gradients.put(name, p.getGradient().toFloatArray()));
            model.parameters().values().forEach(p -> p.setRequiresGradient(false));
            return value;
        }
    }
}
