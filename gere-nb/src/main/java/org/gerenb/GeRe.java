package org.gerenb;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.ReplaySet;
import org.gerenb.data.Split;
import org.gerenb.data.TaskData;
import org.gerenb.data.TaskDirectory;
import org.gerenb.data.TextCorpus;
import org.gerenb.eval.ClassificationEval;
import org.gerenb.eval.EvaluationSettings;
import org.gerenb.eval.McqResult;
import org.gerenb.eval.McqScorer;
import org.gerenb.eval.ModelJudge;
import org.gerenb.eval.MultipleChoiceBenchmark;
import org.gerenb.eval.UnigramBaseline;
import org.gerenb.loss.ConstraintWeight;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.Generator;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.WeightPrecision;
import org.gerenb.reference.Reference;
import org.gerenb.report.Show;
import org.gerenb.runtime.Devices;
import org.gerenb.runtime.Home;
import org.gerenb.runtime.Progress;
import org.gerenb.train.FineTuning;
import org.gerenb.train.LoraConfig;
import org.gerenb.train.ReplayConstraint;
import org.gerenb.train.ReplayContext;
import org.gerenb.train.ReplayResources;
import org.gerenb.train.ReplayStrategy;
import org.gerenb.train.TaskEncoder;
import org.gerenb.train.TrainOptions;
import org.gerenb.train.TrainingItem;
import tech.tablesaw.api.Table;

/**
 * The fluent entry point for notebooks:
 *
 * <pre>
 *   GeRe gere = GeRe.load("datasets/model").replay("datasets/general/replay.jsonl").constrainWith(tm());
 *   Table steps = gere.train(task, TrainOptions.defaults());
 * </pre>
 * Replay strategies: {@link #noReplay()}, {@link #labelFitting()}, {@link #kl(double)}, {@link #l1()},
 * {@link #l2()}, {@link #tm()}; then {@link #weight(double)} or {@link #dynamicWeight()},
 * {@link #interpolate(int)} and {@link #lora(LoraConfig)}. Nothing here throws checked exceptions.
 * Relative paths are resolved by {@link Home} (against GERE_HOME when a notebook kernel sets it).
 */
public final class GeRe implements AutoCloseable {

    private static final int REFERENCE_BATCH = 8;
    private static final EvaluationSettings EVALUATION = EvaluationSettings.DEFAULTS;

    private final Path modelDir;
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private ReplayStrategy strategy = ReplayStrategy.noReplay();
    private ReplaySet replaySet;
    private double k = 1.0;
    private LoraConfig lora;
    private Path cache = Home.resolve(".gere-cache");
    private ReplayResources resources;

    private GeRe(Path modelDir, Device device) {
        this.modelDir = modelDir;
        this.tokenizer = TextTokenizer.load(modelDir);
        this.model = Checkpoint.load(modelDir, device);
    }

    /** A Hugging Face model directory (config.json, model.safetensors, tokenizer.json), on GERE_DEVICE. */
    public static GeRe load(String modelDir) {
        return new GeRe(Home.resolve(modelDir), Devices.parse(Devices.DEFAULT));
    }

    public static GeRe load(Path modelDir, Device device) {
        return new GeRe(modelDir, device);
    }

    /** "cpu", "gpu" or "gpu:N" (see {@link Devices}). */
    public static Device device(String name) {
        return Devices.parse(name);
    }

    // ---- replay strategies, as the paper names them ----

    public static ReplayStrategy noReplay() {
        return ReplayStrategy.noReplay();
    }

    public static ReplayStrategy labelFitting() {
        return ReplayStrategy.labelFitting();
    }

    public static ReplayStrategy kl(double temperature) {
        return ReplayStrategy.constrained(new ReplayConstraint.Kl(temperature), ConstraintWeight.of(100));
    }

    public static ReplayStrategy l1() {
        return ReplayStrategy.constrained(new ReplayConstraint.L1(), ConstraintWeight.of(100));
    }

    public static ReplayStrategy l2() {
        return ReplayStrategy.constrained(new ReplayConstraint.L2(), ConstraintWeight.of(100));
    }

    /** GeRe's threshold-based margin, weight 100 unless changed. */
    public static ReplayStrategy tm() {
        return ReplayStrategy.constrained(new ReplayConstraint.Tm(), ConstraintWeight.of(100));
    }

    // ---- configuration ----

    /** The general replay set: the first 1,000 texts of a JSONL file, cut at 563 tokens. */
    public GeRe replay(String jsonl) {
        return replay(jsonl, ReplaySet.DEFAULT_COUNT, ReplaySet.DEFAULT_MAX_LENGTH);
    }

    public GeRe replay(String jsonl, int count, int maxLength) {
        replaySet = ReplaySet.load(Home.resolve(jsonl), tokenizer, count, maxLength);
        closeResources();
        if (!strategy.replay()) {
            strategy = labelFitting().withReplayPerBatch(strategy.replayPerBatch());
        }
        return this;
    }

    /** The strategy's own batch interpolation, or the one set before by {@link #interpolate(int)}. */
    public GeRe constrainWith(ReplayStrategy replayStrategy) {
        strategy = replayStrategy.replayPerBatch() > 0 ? replayStrategy
                : replayStrategy.withReplayPerBatch(strategy.replayPerBatch());
        return this;
    }

    public GeRe weight(double w) {
        strategy = strategy.withWeight(ConstraintWeight.of(w));
        return this;
    }

    public GeRe dynamicWeight() {
        strategy = strategy.withWeight(ConstraintWeight.dy());
        return this;
    }

    /** Batch interpolation: exactly k replay samples in every global batch. */
    public GeRe interpolate(int replayPerBatch) {
        strategy = strategy.withReplayPerBatch(replayPerBatch);
        return this;
    }

    /** The thresholds mu -/+ k sigma of the reference pass (default k = 1). */
    public GeRe threshold(double multiplier) {
        k = multiplier;
        closeResources();
        return this;
    }

    public GeRe lora(LoraConfig config) {
        lora = config;
        return this;
    }

    public GeRe cacheIn(String directory) {
        cache = Home.resolve(directory);
        closeResources();
        return this;
    }

    // ---- work ----

    /** Fine-tunes on a task's training split (adapters merged at the end with LoRA); returns the step log. */
    public Table train(TaskData task, TrainOptions options) {
        List<TrainingItem> items = new TaskEncoder(tokenizer, InstructionTemplates.standard()).encode(task, task.train());
        try (Progress.Scope bars = Show.progressInPlace()) {
            return FineTuning.run(model, lora, strategy, options, replayContext(), tokenizer.padId(), task.name(), items);
        }
    }

    /** Loads a task directory (O-LoRA layout) with at most n training and test examples per class. */
    public static TaskData task(String directory, int perClass) {
        TaskData task = TaskDirectory.load(Home.resolve(directory));
        return task.sampled(Split.TRAIN, perClass, 42).sampled(Split.TEST, perClass, 42);
    }

    /** Test accuracy (%) by greedy generation and exact match, the benchmark's standard. */
    public double accuracy(TaskData task) {
        return new ClassificationEval(EVALUATION.itemsPerCall()).byGeneration(task.test(), InstructionTemplates.standard().forTask(task),
                judge()).accuracy();
    }

    /** Test accuracy (%) by ranking the label set by log-likelihood. */
    public double rankingAccuracy(TaskData task) {
        return new ClassificationEval(EVALUATION.itemsPerCall()).byLabelRanking(task.test(), InstructionTemplates.standard().forTask(task),
                judge()).accuracy();
    }

    /** Accuracy on an MMLU-layout benchmark, k-shot letter scoring, at most perSubject questions per subject. */
    public McqResult general(String benchmarkDir, int shots, int perSubject) {
        return general(benchmarkDir, shots, perSubject, McqScorer.Scoring.LETTERS);
    }

    /** The same with a choice of scoring; OPTIONS suits small models (see McqScorer). */
    public McqResult general(String benchmarkDir, int shots, int perSubject, McqScorer.Scoring scoring) {
        MultipleChoiceBenchmark benchmark = MultipleChoiceBenchmark.load(Home.resolve(benchmarkDir));
        MultipleChoiceBenchmark limited = perSubject > 0 ? benchmark.limitedTo(perSubject) : benchmark;
        return judge().mcqScorer(shots, scoring, EVALUATION.itemsPerCall()).score(limited, limited.subjects());
    }

    /** Token-weighted perplexity on the first n texts of a JSONL file. */
    public double perplexity(String jsonl, int n) {
        List<long[]> texts = encodedTexts(jsonl, n);
        return SequenceScorer.perplexity(model, texts, 8, tokenizer.padId());
    }

    /**
     * The perplexity, on the same held-out texts as {@link #perplexity}, of a unigram model fitted to the
     * first corpusTexts texts of a corpus: what knowing only token frequencies achieves.
     */
    public double unigramPerplexity(String corpusJsonl, int corpusTexts, String heldoutJsonl, int heldoutTexts) {
        UnigramBaseline unigram = new UnigramBaseline(encodedTexts(corpusJsonl, corpusTexts), model.config().vocabSize());
        return unigram.perplexity(encodedTexts(heldoutJsonl, heldoutTexts));
    }

    /** The model's greedy continuation of a prompt, without the prompt, ending before EOS. */
    public String complete(String prompt, int maxNewTokens) {
        long[] continuation = Generator.greedy(model, List.of(tokenizer.encode(prompt)), maxNewTokens,
                tokenizer.eosId(), 1, tokenizer.padId()).get(0);
        return tokenizer.decode(continuation);
    }

    /** The reference pass's regions for the replay set (computed once, then cached on disk). */
    public Reference reference() {
        return resources().regions();
    }

    public void save(String directory) {
        Checkpoint.save(model, tokenizer, Home.resolve(directory), WeightPrecision.F32);
    }

    public LlamaModel model() {
        return model;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ReplayStrategy strategy() {
        return strategy;
    }

    public ReplaySet replaySet() {
        return replaySet;
    }

    private List<long[]> encodedTexts(String jsonl, int n) {
        return TextCorpus.readJsonl(Home.resolve(jsonl), n).stream().map(tokenizer::encode).toList();
    }

    private ModelJudge judge() {
        return new ModelJudge(model, tokenizer, EVALUATION.batchSize(), EVALUATION.maxNewTokens());
    }

    private ReplayContext replayContext() {
        if (replaySet == null) {
            if (strategy.replay()) {
                throw new IllegalStateException(strategy.name() + " needs a replay set: call replay(\"file.jsonl\")");
            }
            return null;
        }
        return resources().context(strategy);
    }

    private ReplayResources resources() {
        if (replaySet == null) {
            throw new IllegalStateException("no replay set: call replay(\"file.jsonl\") first");
        }
        if (resources == null) {
            resources = new ReplayResources(modelDir, model.device(), replaySet, k, cache, REFERENCE_BATCH);
        }
        return resources;
    }

    private void closeResources() {
        if (resources != null) {
            resources.close();
            resources = null;
        }
    }

    @Override
    public void close() {
        closeResources();
        model.close();
        tokenizer.close();
    }
}
