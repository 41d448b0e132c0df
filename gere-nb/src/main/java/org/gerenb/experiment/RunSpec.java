package org.gerenb.experiment;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.gerenb.data.ReplaySet;
import org.gerenb.eval.EvaluationSettings;
import org.gerenb.eval.McqScorer;
import org.gerenb.experiment.SpecJson.Range;
import org.gerenb.runtime.Devices;
import org.gerenb.train.LearningRateSchedule;
import org.gerenb.train.LoraConfig;
import org.gerenb.train.TaskEncoder;
import org.gerenb.train.TrainOptions;

/**
 * Everything one continual run needs: base model, task sequence, replay set, general benchmark,
 * optimisation and the method. Resolved from an experiment file, one per method entry.
 */
public record RunSpec(String experiment, String label, Method method, Path model, String device, Tasks tasks,
        Replay replay, General general, TrainOptions training, LoraConfig lora, Evaluation evaluation, Path cache,
        JsonObject json) {

    /**
     * Which tasks, from where, how many examples of each class, and where a prompt is cut (the benchmark's
     * loader cuts at 512 tokens; the CPU scales cut shorter, see docs/benchmark-v2.md).
     */
    public record Tasks(Path root, List<String> sequence, int trainPerClass, int testPerClass, int maxSourceTokens) {
    }

    /**
     * The replay set, the threshold multiplier k of the reference pass, and the domains the replay file
     * is drawn from (empty: not known, as for a SlimPajama sample); held-out text of these domains is
     * perplexity_in, the rest perplexity_out.
     */
    public record Replay(Path file, int count, int maxLength, double k, List<String> domains) {
    }

    /**
     * The general-capability measures; a null path skips that measure. subjectsIn / subjectsOut are the
     * benchmark subjects drawn from replayed and from non-replayed domains (general_in, general_out).
     */
    public record General(Path benchmark, List<String> subjects, List<String> subjectsIn, List<String> subjectsOut,
            int shots, McqScorer.Scoring scoring, int perSubject, Path heldout, int heldoutCount,
            int heldoutMaxLength) {
    }

    /** The downstream accuracy that AP, BWT and F1 Avg are computed from. */
    public enum Primary { RANKING, GENERATION }

    /**
     * Batch size of evaluation passes, the generation budget for answers, the primary downstream metric,
     * and whether general capability is measured after every task or only at the base model and after
     * the last task (all that AP, BWT, general_delta and F1 Avg read; NaN in between).
     */
    public record Evaluation(int batchSize, int maxNewTokens, Primary primary, boolean generalEveryStage) {
    }

    static RunSpec from(JsonObject json, String label, Method method, String source) {
        SpecJson spec = new SpecJson(json, source);
        JsonObject recorded = json.deepCopy();
        recorded.addProperty("method", method.text());
        recorded.addProperty("label", label);
        RunSpec run = new RunSpec(spec.string(json, "", "name", "experiment"),
                expandLabel(label, training(new SpecJson(json, source), new SpecJson(json, source).section("training"))),
                method,
                spec.path(json, "", "model", "datasets/model"),
                spec.string(json, "", "device", Devices.DEFAULT),
                tasks(spec, spec.section("tasks")), replay(spec, spec.section("replay")),
                general(spec, spec.section("general")), training(spec, spec.section("training")),
                lora(spec, spec.section("lora")), evaluation(spec, spec.section("evaluation")),
                spec.path(json, "", "cache", ".gere-cache"), recorded);
        // read by people, not by the run; a method entry's own keys, which the record above carries
        spec.allow("description");
        spec.allow("method");
        spec.allow("label");
        spec.rejectUnknownKeys();
        return run;
    }

    private static Tasks tasks(SpecJson spec, JsonObject t) {
        return new Tasks(spec.path(t, "tasks", "root", "datasets/tasks"),
                spec.nonEmptyStrings(t, "tasks", "sequence", List.of("amazon", "spam", "source")),
                spec.integer(t, "tasks", "train_per_class", 1000, Range.atLeast(1)),
                spec.integer(t, "tasks", "test_per_class", 500, Range.atLeast(1)),
                spec.integer(t, "tasks", "max_source_tokens", TaskEncoder.PAPER_SOURCE_TOKENS, Range.atLeast(2)));
    }

    private static Replay replay(SpecJson spec, JsonObject r) {
        return new Replay(spec.path(r, "replay", "file", "datasets/general/replay.jsonl"),
                spec.integer(r, "replay", "count", ReplaySet.DEFAULT_COUNT, Range.atLeast(1)),
                spec.integer(r, "replay", "max_length", ReplaySet.DEFAULT_MAX_LENGTH, Range.atLeast(2)),
                spec.number(r, "replay", "k", 1.0, Range.above(0)), spec.strings(r, "replay", "domains", List.of()));
    }

    private static General general(SpecJson spec, JsonObject g) {
        return new General(spec.path(g, "general", "benchmark", null), spec.strings(g, "general", "subjects", List.of()),
                spec.strings(g, "general", "subjects_in", List.of()), spec.strings(g, "general", "subjects_out", List.of()),
                spec.integer(g, "general", "shots", 0, Range.atLeast(0)),
                spec.choice(g, "general", "scoring", McqScorer.Scoring.LETTERS, McqScorer.Scoring.class),
                spec.integer(g, "general", "per_subject", 0, Range.atLeast(0)), spec.path(g, "general", "heldout", null),
                spec.integer(g, "general", "heldout_count", 200, Range.atLeast(1)),
                spec.integer(g, "general", "heldout_max_length", 256, Range.atLeast(2)));
    }

    private static TrainOptions training(SpecJson spec, JsonObject t) {
        TrainOptions d = TrainOptions.defaults();
        return d.epochs(spec.integer(t, "training", "epochs", d.epochs(), Range.atLeast(1)))
                // lr_scale states a rate as a multiple of the scale's own (ablations: x0.5, x2, x4 at every scale)
                .learningRate(spec.number(t, "training", "lr", d.learningRate(), Range.above(0))
                        * spec.number(t, "training", "lr_scale", 1.0, Range.above(0)))
                .warmupSteps(spec.integer(t, "training", "warmup", d.warmupSteps(), Range.atLeast(0)))
                .schedule(spec.choice(t, "training", "schedule", LearningRateSchedule.Shape.COSINE,
                        LearningRateSchedule.Shape.class))
                .batch(spec.integer(t, "training", "global_batch", d.globalBatch(), Range.atLeast(1)),
                        spec.integer(t, "training", "micro_batch", d.microBatch(), Range.atLeast(1)))
                // 0 or less measures the gradient norm without clipping
                .maxGradNorm(spec.number(t, "training", "max_grad_norm", d.maxGradNorm()))
                .weightDecay(spec.number(t, "training", "weight_decay", d.weightDecay(), Range.atLeast(0)))
                .seed(spec.integer(t, "training", "seed", (int) d.seed()))
                // 0 turns the violation-rate probe off
                .probeEvery(spec.integer(t, "training", "probe_every", d.probeEvery(), Range.atLeast(0)));
    }

    private static LoraConfig lora(SpecJson spec, JsonObject l) {
        LoraConfig d = LoraConfig.paperDefault();
        return new LoraConfig(spec.integer(l, "lora", "rank", d.rank(), Range.atLeast(1)),
                spec.number(l, "lora", "alpha", d.alpha(), Range.above(0)),
                spec.number(l, "lora", "dropout", d.dropout(), Range.from(0, 1)),
                spec.nonEmptyStrings(l, "lora", "targets", d.targets()));
    }

    private static Evaluation evaluation(SpecJson spec, JsonObject e) {
        return new Evaluation(spec.integer(e, "evaluation", "batch_size", EvaluationSettings.DEFAULTS.batchSize(), Range.atLeast(1)),
                spec.integer(e, "evaluation", "max_new_tokens", EvaluationSettings.DEFAULTS.maxNewTokens(), Range.atLeast(1)),
                spec.choice(e, "evaluation", "primary", Primary.GENERATION, Primary.class),
                spec.bool(e, "evaluation", "general_every_stage", true));
    }

    /** The label with {lr} replaced by the learning rate this run uses, so a label names the real value. */
    static String expandLabel(String label, TrainOptions training) {
        return label.replace("{lr}", String.format(java.util.Locale.ROOT, "%.3g", training.learningRate()));
    }

    /** A directory-safe version of the label. */
    public String slug() {
        return label.replaceAll("[^A-Za-z0-9=.-]+", "_").replaceAll("^_|_$", "");
    }
}
