package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gerenb.eval.McqScorer;
import org.gerenb.train.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Experiment files: shared sections, per-method overrides, scales, and errors that name the key. */
class ExperimentSpecTest {

    private static final String SOURCE = "spec.json";

    private static IllegalArgumentException error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(json, SOURCE));
    }

    @Test
    void resolvesSharedSettingsAndPerMethodOverrides() {
        ExperimentSpec spec = ExperimentSpec.parse("""
                {"name": "demo", "model": "m", "device": "cpu",
                 "tasks": {"root": "t", "sequence": ["a", "b"], "train_per_class": 3, "test_per_class": 2},
                 "replay": {"file": "r.jsonl", "count": 5, "max_length": 32, "k": 1.5},
                 "general": {"scoring": "options"},
                 "training": {"epochs": 2, "lr": 0.01, "global_batch": 4, "micro_batch": 2, "schedule": "constant"},
                 "methods": ["baseline", {"method": "tm:dy+bi=1", "label": "TM small lr", "training": {"lr": 0.001}}],
                 "scales": {"ci": {"tasks": {"train_per_class": 1}}}}
                """, SOURCE);
        assertEquals("demo", spec.name());
        List<RunSpec> runs = spec.runs();
        assertEquals(2, runs.size());
        RunSpec baseline = runs.get(0);
        RunSpec tm = runs.get(1);
        assertEquals("Baseline", baseline.label());
        assertEquals("TM small lr", tm.label());
        assertEquals("TM_small_lr", tm.slug());
        assertEquals(Path.of("m"), tm.model());
        assertEquals(List.of("a", "b"), tm.tasks().sequence());
        assertEquals(3, tm.tasks().trainPerClass());
        assertEquals(1.5, tm.replay().k());
        assertEquals(McqScorer.Scoring.OPTIONS, tm.general().scoring());
        assertEquals(LearningRateSchedule.Shape.CONSTANT, tm.training().schedule());
        assertEquals(0.01, baseline.training().learningRate());
        assertEquals(0.001, tm.training().learningRate());
        assertEquals(2, tm.training().epochs(), "overrides merge key by key");
        assertEquals(4, tm.training().globalBatch());
        assertEquals(1, tm.method().strategy().replayPerBatch());
        // what each run records (and resumes against) names its method and label, not the others
        assertEquals("tm:dy+bi=1", tm.json().get("method").getAsString());
        assertTrue(!tm.json().has("methods") && !tm.json().has("scales"), tm.json().toString());
        assertEquals(1, spec.atScale("ci").runs().get(0).tasks().trainPerClass());
        assertEquals(spec, spec.atScale("full"));
    }

    @Test
    void notJsonOrNotAnObjectIsRefused() {
        IllegalArgumentException notJson = error("{\"methods\": [\"tm\"]");
        assertTrue(notJson.getMessage().startsWith(SOURCE + ": not valid JSON"), notJson.getMessage());
        IllegalArgumentException array = error("[\"tm\"]");
        assertTrue(array.getMessage().contains("expected a JSON object"), array.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                  | 'methods' must be a non-empty list",
        "{\"methods\": []}                   | 'methods' must be a non-empty list",
        "{\"methods\": \"tm\"}               | 'methods' must be a non-empty list",
        "{\"methods\": [{\"label\": \"x\"}]} | with a \"method\" key",
        "{\"methods\": [7]}                  | unknown method '7'",
        "{\"methods\": [\"tm:x\"]}           | unknown method 'tm:x'"})
    void missingOrBadMethodsAreRefused(String json, String message) {
        IllegalArgumentException e = error(json);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"training\": {\"epochs\": \"three\"}      | 'training.epochs' must be a number",
        "\"training\": {\"epochs\": 1.5}            | 'training.epochs' must be an integer",
        "\"training\": {\"lr\": [1]}                | 'training.lr' must be a number",
        "\"training\": 3                            | 'training' must be an object",
        "\"tasks\": {\"sequence\": \"amazon\"}      | 'tasks.sequence' must be a list of strings",
        "\"tasks\": {\"sequence\": [\"a\", {}]}     | 'tasks.sequence' must be a list of strings",
        "\"tasks\": {\"root\": {}}                  | 'tasks.root' must be a string",
        "\"replay\": {\"k\": \"1\"}                 | 'replay.k' must be a number",
        "\"lora\": {\"targets\": \"q_proj\"}        | 'lora.targets' must be a list of strings",
        "\"model\": [\"m\"]                         | 'model' must be a string",
        "\"name\": {}                               | 'name' must be a string",
        "\"general\": {\"scoring\": \"bogus\"}      | 'general.scoring' must be one of",
        "\"training\": {\"schedule\": \"bogus\"}    | 'training.schedule' must be one of"})
    void aWrongTypeNamesTheKey(String section, String message) {
        IllegalArgumentException e = error("{" + section + ", \"methods\": [\"tm\"]}");
        assertTrue(e.getMessage().equals(SOURCE + ": " + message) || e.getMessage().startsWith(SOURCE + ": " + message),
                e.getMessage());
    }

    @Test
    void aWrongTypeInAMethodOverrideNamesTheKey() {
        IllegalArgumentException e = error("{\"methods\": [{\"method\": \"tm\", \"training\": {\"lr\": \"fast\"}}]}");
        assertTrue(e.getMessage().contains("'training.lr' must be a number"), e.getMessage());
        IllegalArgumentException method = error("{\"methods\": [{\"method\": {\"name\": \"tm\"}}]}");
        assertTrue(method.getMessage().contains("'method' must be a string"), method.getMessage());
        IllegalArgumentException nothing = error("{\"methods\": [{\"method\": null}]}");
        assertTrue(nothing.getMessage().contains("'method' must be a method string"), nothing.getMessage());
    }

    @Test
    void unknownScalesAndBuiltInsAreRefused() {
        ExperimentSpec spec = ExperimentSpec.parse("{\"methods\": [\"tm\"], \"scales\": {\"ci\": {}}}", SOURCE);
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class, () -> spec.atScale("huge"));
        assertTrue(scale.getMessage().contains("no scale 'huge'; defined: [ci]"), scale.getMessage());
        IllegalArgumentException builtIn = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSpec.builtIn("nope"));
        assertTrue(builtIn.getMessage().contains("no built-in experiment 'nope'"), builtIn.getMessage());
    }

    @Test
    void everyBuiltInExperimentParses() {
        for (String name : ExperimentSpec.BUILT_IN) {
            try {
                assertTrue(ExperimentSpec.builtIn(name).runs().size() > 0, name);
            } catch (IllegalArgumentException e) {
                if (!e.getMessage().contains("no built-in experiment")) {
                    throw e;
                }
            }
        }
    }
}
