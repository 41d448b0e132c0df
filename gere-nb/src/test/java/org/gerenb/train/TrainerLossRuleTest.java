package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gerenb.data.ReplaySet;
import org.gerenb.loss.ConstraintWeight;
import org.gerenb.model.LlamaModel;
import org.gerenb.reference.Reference;
import org.gerenb.reference.ReferenceCache;
import org.gerenb.reference.ReferenceKind;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The total-loss rule, read from the step log of crafted runs. The reference comes from another model
 * than the one trained, so TM is clearly positive from the first step on.
 *
 * <pre>
 *   task items only            total = task CE
 *   replay items only          total = replay CE + w * constraint
 *   both                       total = (task CE + replay CE) / 2 + w * constraint
 * </pre>
 */
class TrainerLossRuleTest {

    private static final int VOCAB = 60;
    private static final int HIDDEN = 16;
    private static final double W = 3;

    @TempDir
    static Path dir;
    private static ReplaySet replay;
    private static Reference reference;
    private static final List<TrainingItem> ONE_TASK_ITEM = TinySetup.taskItems(51, 1, VOCAB);

    @BeforeAll
    static void buildReference() {
        replay = TinySetup.replay(52, 3, VOCAB, 16);
        try (LlamaModel other = TinySetup.model(VOCAB, HIDDEN, 50)) {
            Path modelDir = TinySetup.save(other, dir.resolve("other"));
            reference = ReferenceCache.obtain(other, modelDir, replay, 1, ReferenceKind.REGIONS, dir.resolve("cache"), 4);
        }
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    private static Table train(ReplayStrategy strategy, int globalBatch) {
        try (LlamaModel model = TinySetup.model(VOCAB, HIDDEN, 53)) {
            TrainOptions options = TrainOptions.defaults().epochs(1).learningRate(1e-3).warmupSteps(0)
                    .batch(globalBatch, globalBatch).seed(1);
            return new Trainer(model, model.parameters(), strategy, options,
                    new ReplayContext(replay, new ReferenceTargets(reference, null), null), 0).train("t", ONE_TASK_ITEM);
        }
    }

    private static ReplayStrategy tm(ConstraintWeight w) {
        return ReplayStrategy.constrained(new ReplayConstraint.Tm(), w);
    }

    private static double get(Table steps, String column, int row) {
        return steps.doubleColumn(column).getDouble(row);
    }

    private static boolean missing(Table steps, String column, int row) {
        return steps.doubleColumn(column).isMissing(row);
    }

    /** Global batch 1 over 1 task item and 3 replay samples: 4 steps, each holding one kind only. */
    @Test
    void singleKindStepsFollowTheirRule() {
        Table steps = train(tm(ConstraintWeight.of(W)), 1);
        assertEquals(4, steps.rowCount());
        int taskSteps = 0;
        int replaySteps = 0;
        for (int row = 0; row < steps.rowCount(); row++) {
            String at = "step " + row + "\n" + steps.print();
            if (missing(steps, "replay_ce", row)) {
                taskSteps++;
                assertTrue(missing(steps, "constraint", row) && missing(steps, "weight", row), at);
                assertEquals(get(steps, "task_ce", row), get(steps, "total", row), 0.0, at);
            } else {
                replaySteps++;
                assertTrue(missing(steps, "task_ce", row), at);
                double constraint = get(steps, "constraint", row);
                assertTrue(constraint > 0, at);
                assertEquals(W, get(steps, "weight", row), 0.0, at);
                double expected = get(steps, "replay_ce", row) + W * constraint;
                assertEquals(expected, get(steps, "total", row), 1e-6 * expected, at);
            }
        }
        assertEquals(1, taskSteps);
        assertEquals(3, replaySteps);
    }

    @Test
    void aStepWithBothKindsAveragesTheCrossEntropies() {
        Table steps = train(tm(ConstraintWeight.of(W)), 4);
        assertEquals(1, steps.rowCount());
        double task = get(steps, "task_ce", 0);
        double replayCe = get(steps, "replay_ce", 0);
        double constraint = get(steps, "constraint", 0);
        assertTrue(task > 0 && replayCe > 0 && constraint > 0, steps.print());
        double expected = (task + replayCe) / 2 + W * constraint;
        assertEquals(expected, get(steps, "total", 0), 1e-6 * expected, steps.print());
        // the sum without halving, or the constraint left out, would be far off
        assertTrue(Math.abs(task + replayCe + W * constraint - expected) > 1, steps.print());
    }

    /** w = dy: w = CE / (TM + 1e-8) with CE the halved sum, so total = 2 CE whenever TM > 0. */
    @Test
    void dynamicWeightMatchesTheConstraintToTheCrossEntropy() {
        Table steps = train(tm(ConstraintWeight.dy()), 4);
        double ce = (get(steps, "task_ce", 0) + get(steps, "replay_ce", 0)) / 2;
        double constraint = get(steps, "constraint", 0);
        assertEquals(ce / (constraint + 1e-8), get(steps, "weight", 0), 1e-5 * get(steps, "weight", 0), steps.print());
        assertEquals(2 * ce, get(steps, "total", 0), 1e-5 * ce, steps.print());
    }

    @Test
    void labelFittingAddsNoConstraint() {
        Table steps = train(ReplayStrategy.labelFitting(), 4);
        assertTrue(missing(steps, "constraint", 0) && missing(steps, "weight", 0), steps.print());
        double expected = (get(steps, "task_ce", 0) + get(steps, "replay_ce", 0)) / 2;
        assertEquals(expected, get(steps, "total", 0), 1e-6 * expected, steps.print());
        // the violation rate is still measured from the regions for methods without TM
        assertTrue(get(steps, "violation_rate", 0) > 0, steps.print());
    }

    @Test
    void noReplayTrainsOnTaskItemsOnly() {
        Table steps = train(ReplayStrategy.noReplay(), 4);
        assertEquals(1, steps.rowCount(), "the replay set is not mixed in");
        assertTrue(missing(steps, "replay_ce", 0), steps.print());
        assertEquals(get(steps, "task_ce", 0), get(steps, "total", 0), 0.0, steps.print());
    }

    /** A real step log carries the schedule, the weight, the gradient norm and the throughput beside the losses. */
    @Test
    void theLossPlotOfARealStepLogDrawsTheLossTermsOnly() {
        Table steps = train(tm(ConstraintWeight.of(W)), 4);
        assertTrue(steps.columnNames().containsAll(List.of(StepLog.GRAD_NORM, StepLog.TOKENS_PER_S, StepLog.LR,
                StepLog.WEIGHT)), steps.columnNames().toString());
        org.knowm.xchart.XYChart chart = org.gerenb.report.Plots.lossCurves(steps, "losses");
        assertEquals(java.util.Set.copyOf(StepLog.LOSS_TERMS), chart.getSeriesMap().keySet());
    }
}
