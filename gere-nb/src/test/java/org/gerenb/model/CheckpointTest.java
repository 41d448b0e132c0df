package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading in the Hugging Face layout, and the errors a bad checkpoint gets. */
class CheckpointTest {

    @TempDir
    Path dir;

    private static LlamaModel tiny() {
        return LlamaModel.initialize(LlamaConfig.llama(40, 16, 24, 2, 4, 2, 64, false), Device.cpu(), 5);
    }

    @Test
    void f32SaveLoadKeepsEveryWeight() {
        try (LlamaModel model = tiny()) {
            Checkpoint.save(model, null, dir, WeightPrecision.F32);
            try (LlamaModel loaded = Checkpoint.load(dir)) {
                model.parameters().forEach((name, value) ->
                        assertArrayEquals(value.toFloatArray(), loaded.parameters().get(name).toFloatArray(), name));
            }
        }
    }

    @Test
    void bf16SaveLoadRoundsEachWeightToBf16() {
        try (LlamaModel model = tiny()) {
            Checkpoint.save(model, null, dir, WeightPrecision.BF16);
            try (LlamaModel loaded = Checkpoint.load(dir)) {
                model.parameters().forEach((name, value) -> {
                    float[] original = value.toFloatArray();
                    float[] back = loaded.parameters().get(name).toFloatArray();
                    for (int i = 0; i < original.length; i++) {
                        assertTrue(Math.abs(original[i] - back[i]) <= Math.abs(original[i]) / 256 + 1e-30, name);
                    }
                });
            }
        }
    }

    @Test
    void transformers4ConfigLayoutLoadsTheSameModel() throws IOException {
        Path source = Fixtures.dir("llama3_rope_untied");
        Files.copy(source.resolve("config_v4.json"), dir.resolve("config.json"));
        Files.copy(source.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        try (LlamaModel v5 = Checkpoint.load(source); LlamaModel v4 = Checkpoint.load(dir);
             NDManager manager = NDManager.newBaseManager()) {
            NDArray ids = manager.create(new long[] {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41}, new Shape(1, 12));
            NDArray mask = manager.ones(new Shape(1, 12)).toType(ai.djl.ndarray.types.DataType.INT64, false);
            assertArrayEquals(v5.forward(ids, mask).logits().toFloatArray(), v4.forward(ids, mask).logits().toFloatArray());
        }
    }

    @Test
    void missingTensorIsNamed() {
        CheckpointFormatException e = saveWithout("model.norm.weight");
        assertTrue(e.getMessage().contains("missing tensors [model.norm.weight]"), e.getMessage());
    }

    @Test
    void unexpectedTensorIsNamed() {
        try (LlamaModel model = tiny(); NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(model.parameters());
            tensors.put("model.layers.9.mlp.up_proj.weight", manager.ones(new Shape(2, 2)));
            writeModel(model, tensors);
        }
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("unexpected tensor 'model.layers.9.mlp.up_proj.weight'"), e.getMessage());
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() {
        try (LlamaModel model = tiny(); NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(model.parameters());
            tensors.put("model.norm.weight", manager.ones(new Shape(17)));
            writeModel(model, tensors);
        }
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("'model.norm.weight' has shape [17]")
                && e.getMessage().contains("(16)"), e.getMessage());
    }

    @Test
    void unknownArchitectureIsNamed() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"], \"hidden_size\": 8}");
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("unknown architecture 'GPT2LMHeadModel'"), e.getMessage());
    }

    @Test
    void missingWeightsFileIsNamed() throws IOException {
        Files.copy(Fixtures.dir("mistral").resolve("config.json"), dir.resolve("config.json"),
                StandardCopyOption.REPLACE_EXISTING);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("no model.safetensors"), e.getMessage());
    }

    private CheckpointFormatException saveWithout(String name) {
        try (LlamaModel model = tiny()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(model.parameters());
            tensors.remove(name);
            writeModel(model, tensors);
        }
        return assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
    }

    private void writeModel(LlamaModel model, Map<String, NDArray> tensors) {
        try {
            Files.writeString(dir.resolve("config.json"), model.config().toJson(WeightPrecision.F32));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SafeTensorsWriter.write(dir.resolve("model.safetensors"), tensors, WeightPrecision.F32);
    }
}
