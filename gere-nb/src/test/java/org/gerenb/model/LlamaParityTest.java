package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logits, hidden states, loss and gradients against Hugging Face transformers on the same weights. */
class LlamaParityTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"llama_gqa_tied", "llama3_rope_untied", "mistral", "qwen2_bias", "llama_bf16",
            "llama_f16", "llama_sharded"})
    void forwardAndGradientsMatchTransformers(String name) {
        JsonObject inputs = Fixtures.inputs(name);
        try (LlamaModel model = Checkpoint.load(Fixtures.dir(name));
             NDManager manager = NDManager.newBaseManager()) {
            TokenBatch batch = new TokenBatch(Fixtures.matrix(inputs, "input_ids"),
                    Fixtures.matrix(inputs, "attention_mask"), Fixtures.matrix(inputs, "labels"));
            NDArray mask = batch.maskArray(manager);
            NDArray keep = mask.toType(DataType.FLOAT32, false).expandDims(-1);
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LlamaModel.Output out = model.forward(batch.idsArray(manager), mask, true, true);
                assertClose(name, "logits", out.logits(), keep, manager);
                assertClose(name, "last_hidden", out.lastHidden(), keep, manager);
                List<NDArray> states = out.hiddenStates();
                for (int i = 0; i < states.size(); i++) {
                    assertClose(name, "hidden." + i, states.get(i), keep, manager);
                }
                NDArray loss = CausalLmLoss.mean(out.logits(), batch.labelsArray(manager));
                assertClose(name, "loss", loss.reshape(1), null, manager);
                collector.backward(loss);
            }
            for (var parameter : model.parameters().entrySet()) {
                assertClose(name, "grad." + parameter.getKey(), parameter.getValue().getGradient(), null, manager);
            }
        }
    }

    /**
     * A garbage collection between forward and backward must not change the gradients: tensors that autograd
     * keeps must not live in Java buffers (DJL's mul/div by a Java number made such tensors).
     */
    @Test
    void gradientsSurviveAGarbageCollectionBeforeBackward() {
        String name = "llama_gqa_tied";
        JsonObject inputs = Fixtures.inputs(name);
        try (LlamaModel model = Checkpoint.load(Fixtures.dir(name));
             NDManager manager = NDManager.newBaseManager()) {
            TokenBatch batch = new TokenBatch(Fixtures.matrix(inputs, "input_ids"),
                    Fixtures.matrix(inputs, "attention_mask"), Fixtures.matrix(inputs, "labels"));
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(batch.idsArray(manager), batch.maskArray(manager)).logits();
                NDArray loss = CausalLmLoss.mean(logits, batch.labelsArray(manager));
                System.gc();
                System.gc();
                collector.backward(loss);
            }
            for (var parameter : model.parameters().entrySet()) {
                assertClose(name, "grad." + parameter.getKey(), parameter.getValue().getGradient(), null, manager);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama_gqa_tied", "llama3_rope_untied", "qwen2_bias"})
    void greedyDecodingWithCacheMatchesGenerate(String name) throws Exception {
        JsonObject expected = com.google.gson.JsonParser.parseString(
                java.nio.file.Files.readString(Fixtures.dir(name).resolve("generate.json"))).getAsJsonObject();
        long[] prompt = Fixtures.vector(expected.getAsJsonArray("prompt"));
        long[] greedy = Fixtures.vector(expected.getAsJsonArray("greedy"));
        try (LlamaModel model = Checkpoint.load(Fixtures.dir(name))) {
            long[] shorter = java.util.Arrays.copyOf(prompt, prompt.length - 2);
            List<long[]> generated = Generator.greedy(model, List.of(prompt, shorter),
                    expected.get("max_new_tokens").getAsInt(), Generator.NO_EOS, 4, 0);
            assertArrayEquals(greedy, generated.get(0), "greedy ids of the longer, unpadded prompt");
            List<long[]> alone = Generator.greedy(model, List.of(shorter), greedy.length, Generator.NO_EOS, 1, 0);
            assertArrayEquals(alone.get(0), generated.get(1), "left padding must not change a row's output");
        }
    }

    private static void assertClose(String fixture, String tensor, NDArray actual, NDArray keep, NDManager manager) {
        NDArray expected = Fixtures.reference(fixture, tensor, manager);
        double error = Fixtures.relativeError(actual, expected, keep);
        assertTrue(error < TOLERANCE, fixture + " " + tensor + ": relative error " + error);
    }
}
