package org.gerenb.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.JsonErrors;

/**
 * An experiment file: shared settings (model, tasks, replay, general, training, lora, evaluation) and a
 * list of methods. A method is a string ("tm:100+bi=4") or an object {"method": ..., "label": ...,
 * plus any sections to override for that run}, which is how ablations vary k, counts or learning rates.
 * See docs in experiments/README.md of the repository.
 */
public record ExperimentSpec(String name, JsonObject json, String source) {

    public static final List<String> BUILT_IN = List.of("quickstart", "table2", "table3", "ablations", "learnability",
            "onetask");

    public static ExperimentSpec read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** quickstart, table2, table3 or ablations, as shipped in the library. */
    public static ExperimentSpec builtIn(String name) {
        try (InputStream in = ExperimentSpec.class.getResourceAsStream("/experiments/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in experiment '" + name + "'; known: " + BUILT_IN);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ExperimentSpec parse(String text, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + JsonErrors.problemAtLine(e));
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        JsonObject json = root.getAsJsonObject();
        String name = new SpecJson(json, source).string(json, "", "name", "experiment");
        ExperimentSpec spec = new ExperimentSpec(name, json, source);
        // every scale is checked now, so that a typo in one is found before the day it is used
        spec.seeds().forEach(spec::runs);
        for (String scale : spec.scales().keySet()) {
            spec.atScale(scale).runs();
        }
        return spec;
    }

    /** Overrides merged into every section, e.g. {"tasks": {"train_per_class": 20}} to run small. */
    public ExperimentSpec with(String overrideJson) {
        JsonElement override;
        try {
            override = JsonParser.parseString(overrideJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("override " + overrideJson + ": not valid JSON: "
                    + JsonErrors.problemAtLine(e));
        }
        if (!override.isJsonObject()) {
            throw new IllegalArgumentException("override " + overrideJson + ": expected a JSON object");
        }
        return merged(override.getAsJsonObject(), source + " + " + overrideJson);
    }

    /** The scale the notebooks and commands default to: GERE_SCALE=ci shrinks every run for tests. */
    public ExperimentSpec atScale(String scale) {
        if (scale == null || scale.isBlank() || scale.equals("full")) {
            return this;
        }
        JsonObject scales = scales();
        if (!scales.has(scale)) {
            throw new IllegalArgumentException(source + ": no scale '" + scale + "'; defined: " + scales.keySet());
        }
        if (!scales.get(scale).isJsonObject()) {
            throw new SpecJson(scales, source).error("scales." + scale, "an object of settings");
        }
        return merged(scales.getAsJsonObject(scale), source + ", scale '" + scale + "'");
    }

    /**
     * The seeds every method runs with: "seeds": [1, 2, 3] at the top level, else the one training.seed.
     * A seed drives task sampling, batch order, replay sampling and adapter initialisation.
     */
    public List<Integer> seeds() {
        SpecJson spec = new SpecJson(json, source);
        if (!json.has("seeds")) {
            return List.of(spec.integer(spec.section("training"), "training", "seed",
                    (int) org.gerenb.train.TrainOptions.defaults().seed()));
        }
        List<Integer> seeds = new ArrayList<>();
        JsonElement list = json.get("seeds");
        if (!list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
            throw spec.error("seeds", "a non-empty list of integers, got " + list);
        }
        for (JsonElement seed : list.getAsJsonArray()) {
            if (!seed.isJsonPrimitive() || !seed.getAsJsonPrimitive().isNumber()
                    || seed.getAsDouble() != Math.rint(seed.getAsDouble()) || seeds.contains(seed.getAsInt())) {
                throw spec.error("seeds", "a list of distinct integers, got " + list);
            }
            seeds.add(seed.getAsInt());
        }
        return List.copyOf(seeds);
    }

    private ExperimentSpec merged(JsonObject override, String mergedSource) {
        return new ExperimentSpec(name, SpecJson.merged(json, override), mergedSource);
    }

    private JsonObject scales() {
        return new SpecJson(json, source).section("scales");
    }

    /**
     * One run per entry of "methods", with the first seed. The shared settings are checked on their own first, so that an error
     * in them is not reported as one of the first method's.
     */
    public List<RunSpec> runs() {
        return runs(seeds().get(0));
    }

    /** One run per method with training.seed set to {@code seed} (null: as the file says). */
    public List<RunSpec> runs(Integer seed) {
        SpecJson shared = new SpecJson(json, source);
        JsonArray methods = shared.array("methods");
        RunSpec.from(base(seed), "shared settings", Method.parse("baseline"), source);
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            runs.add(run(methods.get(i), i, seed));
        }
        return runs;
    }

    private RunSpec run(JsonElement entry, int index, Integer seed) {
        if (entry.isJsonPrimitive()) {
            Method method = Method.parse(entry.getAsString());
            return RunSpec.from(base(seed), method.name(), method, source);
        }
        if (!entry.isJsonObject() || !entry.getAsJsonObject().has("method")) {
            throw new IllegalArgumentException(source + ": each entry of 'methods' must be a method string or an "
                    + "object with a \"method\" key, got " + entry);
        }
        JsonObject object = entry.getAsJsonObject().deepCopy();
        SpecJson entryJson = new SpecJson(object, source);
        String text = entryJson.string(object, "", "method", null);
        if (text == null) {
            throw entryJson.error("method", "a method string");
        }
        Method method = Method.parse(text);
        String label = entryJson.string(object, "", "label", method.name());
        object.remove("method");
        object.remove("label");
        String entrySource = source + ", methods[" + index + "] ('" + label + "')";
        JsonObject run = SpecJson.merged(base(seed), object);
        return RunSpec.from(seed == null ? run : withSeed(run, seed), label, method, entrySource);
    }

    /** The shared settings without the method list, seeds and scales, as each run records them. */
    private JsonObject base(Integer seed) {
        JsonObject base = json.deepCopy();
        base.remove("methods");
        base.remove("scales");
        base.remove("seeds");
        return seed == null ? base : withSeed(base, seed);
    }

    // A method's own training section must not undo the seed of the run it belongs to.
    private static JsonObject withSeed(JsonObject run, int seed) {
        JsonObject training = new JsonObject();
        training.addProperty("seed", seed);
        JsonObject override = new JsonObject();
        override.add("training", training);
        return SpecJson.merged(run, override);
    }
}
