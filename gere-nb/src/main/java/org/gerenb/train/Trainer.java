package org.gerenb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.gerenb.loss.ThresholdMargin;
import org.gerenb.model.CausalLmLoss;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.Scalars;
import org.gerenb.model.TokenBatch;
import org.gerenb.runtime.Progress;
import tech.tablesaw.api.Table;

/**
 * Fine-tunes a model on one task with a replay strategy. Each micro-batch is split into task items and
 * replay items, one forward pass for each kind:
 *
 * <pre>
 *   CE    = (task CE + replay CE) / 2   when both kinds are present, else the one that is
 *   total = CE + w * constraint         when replay items are present, else CE
 * </pre>
 * Micro-batch losses are divided by their number and accumulated into one optimizer step per global batch.
 */
public final class Trainer {

    private static final int PROBE_SAMPLES = 8;

    private final LlamaModel model;
    private final Map<String, NDArray> trainable;
    private final ReplayStrategy strategy;
    private final TrainOptions options;
    private final ReplayContext replay;
    private final long padId;

    public Trainer(LlamaModel model, Map<String, NDArray> trainable, ReplayStrategy strategy, TrainOptions options,
            ReplayContext replay, long padId) {
        if (strategy.replay() && replay == null) {
            throw new IllegalArgumentException(strategy.name() + " needs a replay set");
        }
        if (strategy.replayPerBatch() >= options.globalBatch()) {
            throw new IllegalArgumentException("batch interpolation k=" + strategy.replayPerBatch()
                    + " must be smaller than the global batch " + options.globalBatch());
        }
        this.model = model;
        this.trainable = trainable;
        this.strategy = strategy;
        this.options = options;
        this.replay = replay;
        this.padId = padId;
    }

    /** Trains on the task's items for the configured epochs; returns one row per optimizer step. */
    public Table train(String task, List<TrainingItem> taskItems) {
        if (taskItems.isEmpty()) {
            throw new IllegalArgumentException("task '" + task + "' has no training examples");
        }
        Engine.getInstance().setRandomSeed((int) options.seed());
        Random random = new Random(options.seed());
        List<TrainingItem> replayItems = strategy.replay() ? replay.items() : List.of();
        int total = options.epochs() * BatchPlan.batchesPerEpoch(taskItems.size(), replayItems.size(),
                options.globalBatch(), strategy.replayPerBatch());
        LearningRateSchedule schedule = new LearningRateSchedule(options.schedule(), options.learningRate(),
                options.warmupSteps(), total);
        trainable.values().forEach(p -> p.setRequiresGradient(true));
        StepLog log = new StepLog();
        try (AdamW optimizer = new AdamW(trainable, options.weightDecay());
             Progress progress = new Progress("train " + task, total)) {
            int step = 0;
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                for (List<TrainingItem> batch : plan(taskItems, replayItems, random)) {
                    // A notebook interrupt (Jupyter's stop button) only sets this thread's interrupt flag:
                    // the kernel answers at once, but the training would go on in the background.
                    if (Thread.interrupted()) {
                        throw new CancellationException("training of task '" + task + "' interrupted after "
                                + step + " of " + total + " steps");
                    }
                    StepLog.Row row = step(task, step, epoch, batch, schedule.at(step), optimizer);
                    log.add(row);
                    progress.step(String.format(Locale.ROOT, "loss %.4f", row.total()));
                    step++;
                }
            }
        }
        return log.table();
    }

    private List<List<TrainingItem>> plan(List<TrainingItem> task, List<TrainingItem> replayItems, Random random) {
        if (strategy.replayPerBatch() > 0) {
            return BatchPlan.interpolated(task, replayItems, options.globalBatch(), strategy.replayPerBatch(), random);
        }
        return BatchPlan.mixed(task, replayItems, options.globalBatch(), random);
    }

    private StepLog.Row step(String task, int step, int epoch, List<TrainingItem> batch, double lr, AdamW optimizer) {
        long start = System.nanoTime();
        List<List<TrainingItem>> micros = BatchPlan.chunk(batch, options.microBatch());
        StepTotals totals = new StepTotals();
        for (List<TrainingItem> micro : micros) {
            try (NDScope ignored = new NDScope();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                MicroLoss loss = microLoss(micro);
                collector.backward(Scalars.over(loss.total, micros.size()));
                totals.add(loss);
            }
        }
        double gradNorm = GradientClipping.clipGlobalNorm(trainable.values(), options.maxGradNorm());
        if (Double.isFinite(gradNorm)) {
            optimizer.step(lr);
        } else {
            // one overflowing batch (e.g. a dy weight of 1e8 on a near-zero margin) must not poison the weights
            optimizer.discardGradients();
            System.err.printf(Locale.ROOT, "%s step %d: gradient norm %s, update skipped%n", task, step, gradNorm);
        }
        double violationRate = totals.violationRate();
        if (Double.isNaN(violationRate) && options.probeEvery() > 0 && step % options.probeEvery() == 0) {
            violationRate = probeViolationRate();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new StepLog.Row(task, step, epoch, lr, totals.mean(totals.taskCe), totals.mean(totals.replayCe),
                totals.mean(totals.constraint), totals.mean(totals.weight), totals.mean(totals.total), gradNorm,
                totals.tokens / seconds, violationRate);
    }

    /** Losses of one micro-batch, still attached to the graph (total) and as numbers for the log. */
    private record MicroLoss(NDArray total, float totalValue, float taskCe, float replayCe, float constraint,
            float weight, long tokens, double violations, double elements) {
    }

    private MicroLoss microLoss(List<TrainingItem> micro) {
        List<TrainingItem> task = new ArrayList<>();
        List<TrainingItem> replayed = new ArrayList<>();
        micro.forEach(item -> (item.isReplay() ? replayed : task).add(item));
        NDManager manager = model.manager();
        NDArray taskCe = null;
        long tokens = 0;
        if (!task.isEmpty()) {
            TokenBatch b = TokenBatch.withTargets(task.stream().map(TrainingItem::ids).toList(),
                    task.stream().map(TrainingItem::targetStart).toList(), padId);
            NDArray readAt = manager.create(CausalLmLoss.targetPositions(b.labels()));
            NDArray read = model.forwardAt(b.idsArray(manager), b.maskArray(manager), readAt).lastHidden();
            taskCe = CausalLmLoss.meanAtTargets(read, b.labels(), model::lmHead);
            tokens += b.tokenCount();
        }
        ReplayTerms terms = replayed.isEmpty() ? null : replayTerms(replayed);
        NDArray ce = taskCe == null ? terms.ce : terms == null ? taskCe : Scalars.over(taskCe.add(terms.ce), 2f);
        NDArray total = ce;
        float weight = Float.NaN;
        if (terms != null && terms.constraint != null) {
            weight = (float) strategy.weight().value(ce.getFloat(), terms.constraint.getFloat());
            total = ce.add(Scalars.times(terms.constraint, weight));
        }
        return new MicroLoss(total, total.getFloat(), value(taskCe), terms == null ? Float.NaN : terms.ce.getFloat(),
                terms == null ? Float.NaN : value(terms.constraint), weight,
                tokens + (terms == null ? 0 : terms.tokens), terms == null ? 0 : terms.violations,
                terms == null ? 0 : terms.elements);
    }

    private record ReplayTerms(NDArray ce, NDArray constraint, long tokens, double violations, double elements) {
    }

    private ReplayTerms replayTerms(List<TrainingItem> items) {
        NDManager manager = model.manager();
        TokenBatch b = TokenBatch.languageModeling(items.stream().map(TrainingItem::ids).toList(), padId);
        int[] samples = items.stream().mapToInt(TrainingItem::replayIndex).toArray();
        NDArray ids = b.idsArray(manager);
        NDArray mask = b.maskArray(manager);
        LlamaModel.Output out = model.forward(ids, mask);
        NDArray ce = CausalLmLoss.mean(out.logits(), b.labelsArray(manager));
        ThresholdMargin.Result margin = margin(out.lastHidden(), samples, b.width(), mask);
        NDArray constraint = strategy.constraint() == null ? null
                : strategy.constraint().loss(new ReplayBatch(out, ids, mask, samples, b.width(), margin, replay, manager));
        return new ReplayTerms(ce, constraint, b.tokenCount(), margin == null ? 0 : margin.violations().getFloat(),
                margin == null ? 0 : margin.elements().getFloat());
    }

    /** The TM terms when the reference holds regions (also to log the violation rate of any method), else null. */
    private ThresholdMargin.Result margin(NDArray hidden, int[] samples, int width, NDArray mask) {
        NDManager manager = model.manager();
        NDArray regions = replay.reference() == null ? null : replay.reference().regions(samples, width, manager);
        if (regions == null) {
            return null;
        }
        return ThresholdMargin.compute(hidden, regions, replay.reference().negativeThresholds(manager),
                replay.reference().positiveThresholds(manager), mask);
    }

    /** Violation rate on the first replay samples, for methods whose batches hold no replay items. */
    private double probeViolationRate() {
        if (replay == null || replay.reference() == null) {
            return Double.NaN;
        }
        List<TrainingItem> probe = replay.items().subList(0, Math.min(PROBE_SAMPLES, replay.replaySet().size()));
        try (NDScope ignored = new NDScope()) {
            NDManager manager = model.manager();
            TokenBatch b = TokenBatch.languageModeling(probe.stream().map(TrainingItem::ids).toList(), padId);
            NDArray mask = b.maskArray(manager);
            NDArray hidden = model.forward(b.idsArray(manager), mask, false, false).lastHidden();
            ThresholdMargin.Result margin = margin(hidden, probe.stream().mapToInt(TrainingItem::replayIndex).toArray(),
                    b.width(), mask);
            return margin == null ? Double.NaN : margin.violationRate();
        }
    }

    private static float value(NDArray scalar) {
        return scalar == null ? Float.NaN : scalar.getFloat();
    }

    /** Sums over the micro-batches of one step; means skip micro-batches where a term was absent. */
    private static final class StepTotals {
        final List<Float> taskCe = new ArrayList<>();
        final List<Float> replayCe = new ArrayList<>();
        final List<Float> constraint = new ArrayList<>();
        final List<Float> weight = new ArrayList<>();
        final List<Float> total = new ArrayList<>();
        long tokens;
        double violations;
        double elements;

        void add(MicroLoss loss) {
            taskCe.add(loss.taskCe);
            replayCe.add(loss.replayCe);
            constraint.add(loss.constraint);
            weight.add(loss.weight);
            total.add(loss.totalValue);
            tokens += loss.tokens;
            violations += loss.violations;
            elements += loss.elements;
        }

        double mean(List<Float> values) {
            return values.stream().filter(v -> !v.isNaN()).mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
        }

        double violationRate() {
            return elements == 0 ? Double.NaN : violations / elements;
        }
    }
}
