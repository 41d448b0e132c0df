package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict experiment files: keys no read asks for are refused with the closest valid key; values out of range name it. */
class SpecJsonTest {

    private static final String SOURCE = "spec.json";

    private static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(json, SOURCE)).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"training\": {\"learning_rate\": 0.01} | unknown key 'training.learning_rate', did you mean 'training.lr'?",
        "\"tasks\": {\"learning_rate\": 0.01}    | unknown key 'tasks.learning_rate', did you mean 'training.lr'?",
        "\"training\": {\"epoch\": 2}            | unknown key 'training.epoch', did you mean 'training.epochs'?",
        "\"training\": {\"warmup_steps\": 2}     | unknown key 'training.warmup_steps', did you mean 'training.warmup'?",
        "\"replay\": {\"max_len\": 64}           | unknown key 'replay.max_len', did you mean 'replay.max_length'?",
        "\"tasks\": {\"trian_per_class\": 3}     | unknown key 'tasks.trian_per_class', did you mean 'tasks.train_per_class'?",
        "\"trainig\": {\"lr\": 0.01}             | unknown key 'trainig', did you mean 'training'?",
        "\"lr\": 0.01                            | unknown key 'lr', did you mean 'training.lr'?",
        "\"evaluation\": {\"maxNewTokens\": 4}   | unknown key 'evaluation.maxNewTokens', did you mean 'evaluation.max_new_tokens'?",
        "\"lora\": {\"zzz\": 1}                  | unknown key 'lora.zzz'; valid keys of lora: rank, alpha, dropout, targets"})
    void anUnknownKeyIsRefusedWithTheClosestValidOne(String section, String message) {
        assertEquals(SOURCE + ": " + message, error("{" + section + ", \"methods\": [\"tm\"]}"));
    }

    @Test
    void unknownKeysInMethodOverridesAndScalesAreFoundAfterMerging() {
        assertEquals(SOURCE + ", methods[1] ('small'): unknown key 'replay.kk', did you mean 'replay.k'?",
                error("{\"methods\": [\"tm\", {\"method\": \"tm\", \"label\": \"small\", \"replay\": {\"kk\": 2}}]}"));
        assertEquals(SOURCE + ", methods[0] ('BaselineR+TM (w=100)'): unknown key 'lable', did you mean 'label'?",
                error("{\"methods\": [{\"method\": \"tm\", \"lable\": \"x\"}]}"));
        assertEquals(SOURCE + ", scale 'ci': unknown key 'tasks.test_per_clas', did you mean 'tasks.test_per_class'?",
                error("{\"methods\": [\"tm\"], \"scales\": {\"ci\": {\"tasks\": {\"test_per_clas\": 1}}}}"));
        assertEquals(SOURCE + ": 'scales.ci' must be an object of settings",
                error("{\"methods\": [\"tm\"], \"scales\": {\"ci\": 3}}"));
    }

    @Test
    void anErrorInTheSharedSettingsIsNotBlamedOnAMethod() {
        assertEquals(SOURCE + ": unknown key 'training.lrr', did you mean 'training.lr'?",
                error("{\"training\": {\"lrr\": 1}, \"methods\": [{\"method\": \"tm\", \"label\": \"x\"}]}"));
    }

    @Test
    void everyKeyAReadAsksForIsValidWithoutAList() {
        ExperimentSpec spec = ExperimentSpec.parse("""
                {"name": "n", "description": "for readers", "model": "m", "device": "cpu", "cache": "c",
                 "tasks": {"root": "t", "sequence": ["a"], "train_per_class": 1, "test_per_class": 1},
                 "replay": {"file": "r", "count": 1, "max_length": 2, "k": 0.5},
                 "general": {"benchmark": "b", "subjects": [], "shots": 0, "scoring": "options", "per_subject": 0,
                             "heldout": "h", "heldout_count": 1, "heldout_max_length": 2},
                 "training": {"epochs": 1, "lr": 0.1, "warmup": 0, "schedule": "constant", "global_batch": 1,
                              "micro_batch": 1, "max_grad_norm": 0, "weight_decay": 0, "seed": 1, "probe_every": 0},
                 "lora": {"rank": 1, "alpha": 1, "dropout": 0, "targets": ["q_proj"]},
                 "evaluation": {"batch_size": 1, "max_new_tokens": 1},
                 "methods": ["tm"], "scales": {"ci": {"methods": ["baseline"]}}}
                """, SOURCE);
        assertEquals(List.of("Baseline"), spec.atScale("ci").runs().stream().map(RunSpec::label).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"training\": {\"epochs\": 0}           | training.epochs = 0: must be >= 1",
        "\"training\": {\"lr\": 0}               | training.lr = 0: must be > 0",
        "\"training\": {\"lr\": -0.5}            | training.lr = -0.5: must be > 0",
        "\"training\": {\"warmup\": -1}          | training.warmup = -1: must be >= 0",
        "\"training\": {\"micro_batch\": 0}      | training.micro_batch = 0: must be >= 1",
        "\"training\": {\"weight_decay\": -0.1}  | training.weight_decay = -0.1: must be >= 0",
        "\"tasks\": {\"train_per_class\": 0}     | tasks.train_per_class = 0: must be >= 1",
        "\"replay\": {\"k\": 0}                  | replay.k = 0: must be > 0",
        "\"replay\": {\"max_length\": 1}         | replay.max_length = 1: must be >= 2",
        "\"general\": {\"shots\": -1}            | general.shots = -1: must be >= 0",
        "\"lora\": {\"dropout\": 1}              | lora.dropout = 1: must be in [0, 1)",
        "\"evaluation\": {\"max_new_tokens\": 0} | evaluation.max_new_tokens = 0: must be >= 1",
        "\"tasks\": {\"sequence\": []}           | 'tasks.sequence' must be a non-empty list of strings"})
    void aValueOutOfRangeNamesItsKeyValueAndRange(String section, String message) {
        assertEquals(SOURCE + ": " + message, error("{" + section + ", \"methods\": [\"tm\"]}"));
    }

    @Test
    void mergedOverridesStillMergeKeyByKey() {
        JsonObject base = JsonParser.parseString("{\"training\": {\"lr\": 1, \"epochs\": 2}}").getAsJsonObject();
        JsonObject merged = SpecJson.merged(base, JsonParser.parseString("{\"training\": {\"lr\": 3}}").getAsJsonObject());
        assertEquals("{\"training\":{\"lr\":3,\"epochs\":2}}", merged.toString());
    }

    @Test
    void aMalformedFileNamesLineAndColumnWithoutParserAdvice() {
        String message = error("{\"methods\": [\"tm\"],\n \"training\": {\"lr\" 0.1}}");
        assertEquals(SOURCE + ": not valid JSON: expected ':' after the key at line 2, column 21", message);
        String override = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSpec.parse("{\"methods\": [\"tm\"]}", SOURCE).with("{\"training\": ")).getMessage();
        assertTrue(override.contains("not valid JSON: the text ends early") && !override.contains("Lenient"), override);
    }
}
