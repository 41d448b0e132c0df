package org.gerenb.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The architecture read from a Hugging Face config.json. Llama (1-3.1), Mistral and Qwen2 share one
 * decoder; they differ only in the fields below (biases, rope scaling, sliding window, tied head).
 */
public record LlamaConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        Integer slidingWindow,
        int maxPositions,
        JsonObject json) {

    static final List<String> ARCHITECTURES = List.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM");
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().create();

    /** Llama 3.1's frequency-dependent stretching of the rotary wavelengths. */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    }

    public static LlamaConfig read(Path configJson) {
        if (!Files.isRegularFile(configJson)) {
            throw new CheckpointFormatException(configJson, "config.json not found");
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(configJson));
            if (!root.isJsonObject()) {
                throw new CheckpointFormatException(configJson, "not a JSON object");
            }
            return fromJson(root.getAsJsonObject(), configJson);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configJson, e);
        } catch (com.google.gson.JsonParseException e) {
            throw new CheckpointFormatException(configJson, "invalid JSON: " + e.getMessage());
        }
    }

    public static LlamaConfig fromJson(JsonObject json, Path source) {
        String architecture = architecture(json, source);
        boolean qwen = architecture.equals("Qwen2ForCausalLM");
        int hidden = intField(json, "hidden_size", null, source);
        int heads = intField(json, "num_attention_heads", null, source);
        int kvHeads = intField(json, "num_key_value_heads", heads, source);
        int headDim = intField(json, "head_dim", hidden / heads, source);
        if (heads % kvHeads != 0) {
            throw new CheckpointFormatException(source, "num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        String activation = json.has("hidden_act") ? json.get("hidden_act").getAsString() : "silu";
        if (!activation.equals("silu")) {
            throw new CheckpointFormatException(source, "hidden_act '" + activation + "' unsupported, expected silu");
        }
        if (bool(json, "mlp_bias", false)) {
            throw new CheckpointFormatException(source, "mlp_bias true is not supported");
        }
        boolean attentionBias = bool(json, "attention_bias", false);
        return new LlamaConfig(architecture,
                intField(json, "vocab_size", null, source), hidden,
                intField(json, "intermediate_size", null, source),
                intField(json, "num_hidden_layers", null, source), heads, kvHeads, headDim,
                number(json, "rms_norm_eps", 1e-6), ropeTheta(json),
                ropeScaling(json, source), bool(json, "tie_word_embeddings", false),
                qwen || attentionBias, !qwen && attentionBias, slidingWindow(json, qwen),
                intField(json, "max_position_embeddings", 2048, source), json.deepCopy());
    }

    /** A fresh Llama configuration, e.g. for pretraining the embedded model. */
    public static LlamaConfig llama(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
            int maxPositions, boolean tied) {
        JsonObject json = new JsonObject();
        com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
        architectures.add("LlamaForCausalLM");
        json.add("architectures", architectures);
        json.addProperty("model_type", "llama");
        json.addProperty("vocab_size", vocab);
        json.addProperty("hidden_size", hidden);
        json.addProperty("intermediate_size", intermediate);
        json.addProperty("num_hidden_layers", layers);
        json.addProperty("num_attention_heads", heads);
        json.addProperty("num_key_value_heads", kvHeads);
        json.addProperty("hidden_act", "silu");
        json.addProperty("max_position_embeddings", maxPositions);
        json.addProperty("rms_norm_eps", 1e-5);
        json.addProperty("rope_theta", 10000.0);
        json.addProperty("tie_word_embeddings", tied);
        json.addProperty("attention_bias", false);
        json.addProperty("bos_token_id", 1);
        json.addProperty("eos_token_id", 2);
        json.addProperty("pad_token_id", 0);
        json.addProperty("torch_dtype", "float32");
        return fromJson(json, Path.of("<new config>"));
    }

    public int kvGroups() {
        return heads / kvHeads;
    }

    /** The config.json text to save beside weights stored at the given precision. */
    public String toJson(WeightPrecision precision) {
        JsonObject copy = json.deepCopy();
        String dtype = precision == WeightPrecision.BF16 ? "bfloat16" : "float32";
        copy.addProperty(copy.has("dtype") ? "dtype" : "torch_dtype", dtype);
        return PRETTY.toJson(copy);
    }

    /** Counts weights as Hugging Face does: the tied head is not counted twice. */
    public long parameterCount() {
        long attention = (long) hiddenSize * headDim * (2L * heads + 2L * kvHeads)
                + (qkvBias ? (long) headDim * (heads + 2L * kvHeads) : 0) + (outputBias ? hiddenSize : 0);
        long mlp = 3L * hiddenSize * intermediateSize;
        long perLayer = attention + mlp + 2L * hiddenSize;
        long embeddings = (long) vocabSize * hiddenSize * (tieWordEmbeddings ? 1 : 2);
        return embeddings + layers * perLayer + hiddenSize;
    }

    private static String architecture(JsonObject json, Path source) {
        if (json.has("architectures") && json.get("architectures").isJsonArray()
                && !json.getAsJsonArray("architectures").isEmpty()) {
            String name = json.getAsJsonArray("architectures").get(0).getAsString();
            if (ARCHITECTURES.contains(name)) {
                return name;
            }
            throw new CheckpointFormatException(source, "unknown architecture '" + name + "', expected one of "
                    + ARCHITECTURES);
        }
        String type = json.has("model_type") ? json.get("model_type").getAsString() : "<missing>";
        return switch (type) {
            case "llama" -> "LlamaForCausalLM";
            case "mistral" -> "MistralForCausalLM";
            case "qwen2" -> "Qwen2ForCausalLM";
            default -> throw new CheckpointFormatException(source, "unknown model_type '" + type
                    + "' and no architectures list, expected llama, mistral or qwen2");
        };
    }

    /** transformers 5 writes rope settings as rope_parameters; 4.x as rope_theta and rope_scaling. */
    private static JsonObject ropeParameters(JsonObject json) {
        for (String key : List.of("rope_scaling", "rope_parameters")) {
            if (json.has(key) && json.get(key).isJsonObject()) {
                return json.getAsJsonObject(key);
            }
        }
        return null;
    }

    private static double ropeTheta(JsonObject json) {
        JsonObject parameters = json.has("rope_parameters") && json.get("rope_parameters").isJsonObject()
                ? json.getAsJsonObject("rope_parameters") : null;
        if (parameters != null && parameters.has("rope_theta")) {
            return parameters.get("rope_theta").getAsDouble();
        }
        return number(json, "rope_theta", 10000.0);
    }

    private static RopeScaling ropeScaling(JsonObject json, Path source) {
        JsonObject scaling = ropeParameters(json);
        if (scaling == null) {
            return null;
        }
        String type = scaling.has("rope_type") ? scaling.get("rope_type").getAsString()
                : scaling.has("type") ? scaling.get("type").getAsString() : "default";
        switch (type.toLowerCase(Locale.ROOT)) {
            case "default":
                return null;
            case "llama3":
                return new RopeScaling(number(scaling, "factor", 8.0), number(scaling, "low_freq_factor", 1.0),
                        number(scaling, "high_freq_factor", 4.0),
                        intField(scaling, "original_max_position_embeddings", 8192, source));
            default:
                throw new CheckpointFormatException(source, "rope_scaling type '" + type
                        + "' unsupported, expected llama3 or default");
        }
    }

    private static Integer slidingWindow(JsonObject json, boolean qwen) {
        if (!json.has("sliding_window") || json.get("sliding_window").isJsonNull()) {
            return null;
        }
        if (qwen && !bool(json, "use_sliding_window", false)) {
            return null; // Qwen2 configs carry a window that is off unless use_sliding_window is set
        }
        return json.get("sliding_window").getAsInt();
    }

    private static int intField(JsonObject json, String name, Integer fallback, Path source) {
        if (!json.has(name) || json.get(name).isJsonNull()) {
            if (fallback == null) {
                throw new CheckpointFormatException(source, "missing required field '" + name + "'");
            }
            return fallback;
        }
        try {
            return json.get(name).getAsInt();
        } catch (RuntimeException e) {
            throw new CheckpointFormatException(source, "field '" + name + "' = " + json.get(name)
                    + " is not an integer");
        }
    }

    private static double number(JsonObject json, String name, double fallback) {
        return json.has(name) && !json.get(name).isJsonNull() ? json.get(name).getAsDouble() : fallback;
    }

    private static boolean bool(JsonObject json, String name, boolean fallback) {
        return json.has(name) && !json.get(name).isJsonNull() ? json.get(name).getAsBoolean() : fallback;
    }
}
