package org.gerenb.experiment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.ReplaySet;
import org.gerenb.data.Split;
import org.gerenb.data.TaskData;
import org.gerenb.data.TaskSequence;
import org.gerenb.data.TextCorpus;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.eval.MultipleChoiceBenchmark;
import org.gerenb.eval.TokenIds;
import org.gerenb.eval.Transcript;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.WeightPrecision;
import org.gerenb.report.Tables;
import org.gerenb.runtime.Devices;
import org.gerenb.runtime.FileTrees;
import org.gerenb.train.FineTuning;
import org.gerenb.train.ReplayContext;
import org.gerenb.train.ReplayResources;
import org.gerenb.train.TaskEncoder;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One method over a task sequence: evaluate the base model (stage 0), then for each task train, evaluate
 * every task and general capability, and checkpoint. Started again on the same directory, it resumes after
 * the last finished task; the seeds of a task depend only on its stage, so the numbers match an
 * uninterrupted run. LoRA adapters are fresh for each task and merged into the weights at its end.
 */
public final class ContinualRun {

    /** method, stage, then the trainer's step log columns. */
    private static final ColumnType[] STEP_TYPES = {ColumnType.STRING, ColumnType.INTEGER, ColumnType.STRING,
        ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
        ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
        ColumnType.DOUBLE};

    private final RunSpec spec;
    private final Path runDir;
    private final Path sharedDir;
    private int crashAfterStage = -1;

    /** A run whose base-model scores are kept beside its directory. */
    public ContinualRun(RunSpec spec, Path runDir) {
        this(spec, runDir, runDir.toAbsolutePath().getParent());
    }

    /** @param sharedDir where the base-model scores shared by every method of an experiment are kept */
    public ContinualRun(RunSpec spec, Path runDir, Path sharedDir) {
        this.spec = spec;
        this.runDir = runDir;
        this.sharedDir = sharedDir;
    }

    /** Thrown by a run told to stop the way a crash right after a stage's state was written would. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(int stage) {
            super("simulated crash after stage " + stage);
        }
    }

    /** For tests of resuming: throw {@link SimulatedCrash} once this stage is finished and recorded. */
    ContinualRun crashingAfter(int stage) {
        crashAfterStage = stage;
        return this;
    }

    private void crashIfTold(int stage) {
        if (stage == crashAfterStage) {
            throw new SimulatedCrash(stage);
        }
    }

    public RunResult run() {
        createDirectories(runDir);
        Device device = Devices.parse(spec.device());
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.model())) {
            List<TaskData> tasks = tasks();
            InstructionTemplates templates = InstructionTemplates.standard();
            StageEvaluator evaluator = evaluator(tasks, templates, tokenizer);
            RunState state = resumeOrStart();
            try (LlamaModel model = Checkpoint.load(state.checkpoint == null ? spec.model()
                    : runDir.resolve(state.checkpoint), device);
                 ReplayResources replay = replayResources(tokenizer, device)) {
                ReplayContext replayContext = replay == null ? null : replay.context(spec.method().strategy());
                if (state.stages.isEmpty()) {
                    StageScores base = BaseEvaluations.obtain(spec, tasks, sharedDir,
                            () -> evaluator.evaluate(model, true));
                    finishStage(state, 0, base, null, model, tokenizer);
                    crashIfTold(0);
                }
                TaskEncoder encoder = new TaskEncoder(tokenizer, templates, spec.tasks().maxSourceTokens());
                for (int stage = state.stages.size(); stage <= tasks.size(); stage++) {
                    TaskData task = tasks.get(stage - 1);
                    Table steps = train(model, tokenizer, replayContext, task, encoder, stage);
                    boolean general = spec.evaluation().generalEveryStage() || stage == tasks.size();
                    finishStage(state, stage, evaluator.evaluate(model, general), steps, model, tokenizer);
                    crashIfTold(stage);
                }
            }
            return result(state, tasks);
        }
    }

    /** One full stage evaluation of the base model and the seconds each part took, nothing stored (for benchmarks). */
    public record TimedEvaluation(StageScores scores, Map<String, Double> partSeconds) {
    }

    /**
     * Evaluates the base model as stage 0 does, with general capability, without reading or writing any state;
     * every question and answer goes into {@code transcript} when it is not null.
     */
    public TimedEvaluation timeBaseEvaluation(Transcript transcript) {
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.model());
             LlamaModel model = Checkpoint.load(spec.model(), Devices.parse(spec.device()))) {
            StageEvaluator evaluator = evaluator(tasks(), InstructionTemplates.standard(), tokenizer);
            return evaluator.evaluateTimed(model, true, transcript);
        }
    }

    /** The result of a run that has finished every stage for this spec, read from its directory; else empty. */
    public java.util.Optional<RunResult> finishedResult() {
        RunState state = RunState.readOrNull(runDir);
        if (state == null || !SpecJson.sameComputation(spec.json(), state.spec)) {
            return java.util.Optional.empty();
        }
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.model())) {
            List<TaskData> tasks = tasks();
            return state.stages.size() == tasks.size() + 1 ? java.util.Optional.of(result(state, tasks))
                    : java.util.Optional.empty();
        }
    }

    private Table train(LlamaModel model, TextTokenizer tokenizer, ReplayContext replay, TaskData task, TaskEncoder encoder,
            int stage) {
        long seed = spec.training().seed() + stage;
        Engine.getInstance().setRandomSeed((int) seed);
        Table steps = FineTuning.run(model, spec.method().lora() ? spec.lora() : null, spec.method().strategy(),
                spec.training().seed(seed), replay, tokenizer.padId(), task.name(), encoder.encode(task, task.train()));
        steps.insertColumn(0, StringColumn.create("method", steps.rowCount()).setMissingTo(spec.label()));
        steps.insertColumn(1, IntColumn.create("stage", steps.rowCount()).setMissingTo(stage));
        return steps;
    }

    private void finishStage(RunState state, int stage, StageScores scores, Table steps, LlamaModel model,
            TextTokenizer tokenizer) {
        if (steps != null) {
            Tables.writeCsv(steps, runDir.resolve("steps-stage" + stage + ".csv"));
            String checkpoint = "model-stage" + stage;
            Checkpoint.save(model, tokenizer, runDir.resolve(checkpoint), WeightPrecision.F32);
            String previous = state.checkpoint;
            state.checkpoint = checkpoint;
            state.stages.add(scores);
            state.write(runDir);
            FileTrees.delete(previous == null ? null : runDir.resolve(previous));
        } else {
            state.stages.add(scores);
            state.write(runDir);
        }
        System.out.printf(Locale.ROOT, "%s seed %d stage %d: ranking %s generation %s  %s  (%.0f s eval)%n", spec.label(),
                spec.training().seed(), stage, format(scores.ranking()), format(scores.generation()), general(scores),
                scores.seconds());
    }

    private static String general(StageScores scores) {
        if (!scores.generalMeasured()) {
            return "general not measured at this stage";
        }
        return String.format(Locale.ROOT, "general %.2f (in %.2f, out %.2f)  ppl %.2f (in %.2f, out %.2f)",
                scores.general(), scores.generalIn(), scores.generalOut(), scores.perplexity(), scores.perplexityIn(),
                scores.perplexityOut());
    }

    private RunState resumeOrStart() {
        RunState state = RunState.readOrNull(runDir);
        if (state != null && SpecJson.sameComputation(spec.json(), state.spec)) {
            if (!state.stages.isEmpty()) {
                System.out.println(spec.label() + ": resuming after stage " + (state.stages.size() - 1) + " from "
                        + runDir);
            }
            state.spec = spec.json(); // the state then carries the current description
            return state;
        }
        if (state != null) {
            System.out.println(spec.label() + ": " + runDir + " holds a run of another spec; starting over");
            clear();
        }
        RunState fresh = new RunState();
        fresh.spec = spec.json();
        return fresh;
    }

    private List<TaskData> tasks() {
        List<String> names = spec.tasks().sequence();
        TaskSequence sequence = TaskSequence.resolve(spec.tasks().root(), names);
        long seed = spec.training().seed();
        return sequence.load(spec.tasks().root()).stream()
                .map(t -> t.sampled(Split.TRAIN, spec.tasks().trainPerClass(), seed)
                        .sampled(Split.TEST, spec.tasks().testPerClass(), seed))
                .toList();
    }

    private StageEvaluator evaluator(List<TaskData> tasks, InstructionTemplates templates, TextTokenizer tokenizer) {
        requireGenerationBudget(tasks, tokenizer, spec.evaluation().maxNewTokens());
        RunSpec.General g = spec.general();
        MultipleChoiceBenchmark benchmark = g.benchmark() == null ? null : limited(MultipleChoiceBenchmark.load(g.benchmark()));
        List<StageEvaluator.HeldoutText> heldout = g.heldout() == null ? null : StageEvaluator.HeldoutText.of(
                heldoutPassages(g), spec.replay().domains(), text -> cut(tokenizer.encode(text), g.heldoutMaxLength()));
        return new StageEvaluator(tasks, spec.tasks().maxSourceTokens(), templates, benchmark, g, heldout,
                !spec.replay().domains().isEmpty(), spec.evaluation(), new TokenIds(tokenizer));
    }

    /** Exact match is impossible for a label longer than the generation budget: refuse such a spec. */
    static void requireGenerationBudget(List<TaskData> tasks, TextTokenizer tokenizer, int maxNewTokens) {
        for (TaskData task : tasks) {
            for (String label : task.labels()) {
                int tokens = tokenizer.encodePlain(label).length;
                if (tokens > maxNewTokens) {
                    throw new IllegalArgumentException("evaluation.max_new_tokens is " + maxNewTokens + ", but task '"
                            + task.name() + "' has the label '" + label + "' of " + tokens + " tokens, which generation"
                            + " could never produce: set it to at least " + (tokens + 1) + " (label + EOS)");
                }
            }
        }
    }

    private static List<TextCorpus.Passage> heldoutPassages(RunSpec.General g) {
        List<TextCorpus.Passage> passages = TextCorpus.readPassages(g.heldout(), g.heldoutCount());
        if (passages.size() < g.heldoutCount()) {
            throw new IllegalArgumentException("general.heldout_count = " + g.heldoutCount() + ", but " + g.heldout()
                    + " holds " + passages.size() + " texts");
        }
        return passages;
    }

    private MultipleChoiceBenchmark limited(MultipleChoiceBenchmark benchmark) {
        return spec.general().perSubject() > 0 ? benchmark.limitedTo(spec.general().perSubject()) : benchmark;
    }

    private static long[] cut(long[] ids, int max) {
        return ids.length > max ? java.util.Arrays.copyOf(ids, max) : ids;
    }

    private RunResult result(RunState state, List<TaskData> tasks) {
        List<String> names = tasks.stream().map(TaskData::name).toList();
        AccuracyMatrix generation = AccuracyMatrix.unmeasured(names);
        AccuracyMatrix ranking = AccuracyMatrix.unmeasured(names);
        for (int stage = 0; stage < state.stages.size(); stage++) {
            StageScores s = state.stages.get(stage);
            for (int task = 0; task < names.size(); task++) {
                generation = generation.with(stage, task, s.generation()[task]);
                ranking = ranking.with(stage, task, s.ranking()[task]);
            }
        }
        return new RunResult(spec.label(), (int) spec.training().seed(), spec.evaluation().primary(), generation,
                ranking, steps(tasks.size()), List.copyOf(state.stages));
    }

    private Table steps(int stages) {
        Table all = null;
        for (int stage = 1; stage <= stages; stage++) {
            Table part = Tables.readCsv(runDir.resolve("steps-stage" + stage + ".csv"), STEP_TYPES);
            all = all == null ? part : all.append(part);
        }
        return all;
    }

    private static String format(double[] scores) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < scores.length; i++) {
            s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", scores[i]));
        }
        return s.append("]").toString();
    }

    private void clear() {
        try (Stream<Path> entries = Files.list(runDir)) {
            entries.forEach(FileTrees::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + runDir, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The replay set and its references for the whole run; null when there is no replay file and none is needed. */
    private ReplayResources replayResources(TextTokenizer tokenizer, Device device) {
        if (spec.replay().file() == null || !Files.isRegularFile(spec.replay().file())) {
            if (spec.method().strategy().replay()) {
                throw new IllegalArgumentException(spec.label() + " replays, but replay file " + spec.replay().file()
                        + " does not exist");
            }
            return null;
        }
        ReplaySet set = ReplaySet.sample(spec.replay().file(), tokenizer, spec.replay().count(),
                spec.replay().maxLength(), spec.training().seed(), spec.replay().domains());
        return new ReplayResources(spec.model(), device, set, spec.replay().k(), spec.cache(),
                spec.evaluation().batchSize());
    }
}
