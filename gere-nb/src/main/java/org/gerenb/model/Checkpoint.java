package org.gerenb.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads and saves models in the Hugging Face directory layout: config.json with model.safetensors, or
 * shards listed in model.safetensors.index.json. Every tensor is checked against config.json.
 */
public final class Checkpoint {

    static final String WEIGHTS = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    private Checkpoint() {
    }

    public static LlamaModel load(Path directory) {
        return load(directory, Device.cpu());
    }

    public static LlamaModel load(Path directory, Device device) {
        LlamaConfig config = LlamaConfig.read(directory.resolve("config.json"));
        Map<String, Shape> expected = ParameterLayout.of(config);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> loaded = new LinkedHashMap<>();
            for (Map.Entry<Path, TreeSet<String>> shard : shards(directory).entrySet()) {
                loadShard(shard.getKey(), shard.getValue(), config, expected, loaded, manager);
            }
            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(loaded.keySet());
            if (!missing.isEmpty()) {
                throw new CheckpointFormatException(directory, "missing tensors " + missing
                        + " required by config.json (" + config.architecture() + ")");
            }
            Map<String, NDArray> ordered = new LinkedHashMap<>();
            expected.keySet().forEach(name -> ordered.put(name, loaded.get(name)));
            return new LlamaModel(config, manager, ordered);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void loadShard(Path file, TreeSet<String> names, LlamaConfig config, Map<String, Shape> expected,
            Map<String, NDArray> loaded, NDManager manager) {
        try (SafeTensorsFile tensors = SafeTensorsFile.open(file)) {
            for (String name : names.isEmpty() ? new TreeSet<>(tensors.names()) : names) {
                if (isIgnorable(name, config)) {
                    continue;
                }
                Shape want = expected.get(name);
                if (want == null) {
                    throw new CheckpointFormatException(file, "unexpected tensor '" + name
                            + "', not part of a " + config.architecture() + " with this config.json");
                }
                TensorInfo info = tensors.info(name);
                if (!Arrays.equals(info.shape(), want.getShape())) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "' has shape "
                            + Arrays.toString(info.shape()) + ", config.json implies " + want);
                }
                if (!info.dtype().isFloatingPoint()) {
                    throw new CheckpointFormatException(file, "tensor '" + name + "' has dtype " + info.dtype()
                            + ", expected F32, F16 or BF16");
                }
                loaded.put(name, tensors.load(name, manager));
            }
        }
    }

    /** Rotary tables are recomputed, and a tied head duplicates the embeddings. */
    private static boolean isIgnorable(String name, LlamaConfig config) {
        return name.endsWith("rotary_emb.inv_freq") || (config.tieWordEmbeddings() && name.equals("lm_head.weight"));
    }

    /** Files to read, each with the tensor names the index assigns to it (empty = all of the file). */
    private static Map<Path, TreeSet<String>> shards(Path directory) {
        Map<Path, TreeSet<String>> shards = new TreeMap<>();
        Path index = directory.resolve(INDEX);
        Path single = directory.resolve(WEIGHTS);
        if (Files.isRegularFile(index)) {
            for (Map.Entry<String, JsonElement> e : readWeightMap(index).entrySet()) {
                Path file = directory.resolve(e.getValue().getAsString());
                if (!Files.isRegularFile(file)) {
                    throw new CheckpointFormatException(index, "tensor '" + e.getKey() + "' is mapped to "
                            + e.getValue().getAsString() + ", which does not exist");
                }
                shards.computeIfAbsent(file, f -> new TreeSet<>()).add(e.getKey());
            }
        } else if (Files.isRegularFile(single)) {
            shards.put(single, new TreeSet<>());
        } else {
            throw new CheckpointFormatException(directory, "no " + WEIGHTS + " or " + INDEX + " found");
        }
        return shards;
    }

    private static JsonObject readWeightMap(Path index) {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(index)).getAsJsonObject();
            if (!root.has("weight_map") || !root.get("weight_map").isJsonObject()) {
                throw new CheckpointFormatException(index, "no weight_map object");
            }
            return root.getAsJsonObject("weight_map");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        } catch (IllegalStateException | com.google.gson.JsonParseException e) {
            throw new CheckpointFormatException(index, "invalid index JSON: " + e.getMessage());
        }
    }

    /** Writes config.json, model.safetensors and, when given, the tokenizer files into a directory. */
    public static void save(LlamaModel model, TextTokenizer tokenizer, Path directory, WeightPrecision precision) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("config.json"), model.config().toJson(precision));
            SafeTensorsWriter.write(directory.resolve(WEIGHTS), model.parameters(), precision);
            if (tokenizer != null) {
                tokenizer.copyFilesTo(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + directory, e);
        }
    }
}
