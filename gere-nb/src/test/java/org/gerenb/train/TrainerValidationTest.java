package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.gerenb.data.ReplaySet;
import org.gerenb.loss.ConstraintWeight;
import org.gerenb.model.LlamaModel;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the trainer refuses, and the message that says why. */
class TrainerValidationTest {

    private static final int VOCAB = 40;
    private static LlamaModel model;
    private static final ReplaySet REPLAY = TinySetup.replay(61, 4, VOCAB, 10);
    private static final TrainOptions OPTIONS = TrainOptions.defaults().epochs(1).warmupSteps(0).batch(4, 2);

    /** A reference that holds thresholds but neither regions nor features. */
    private static final ReplayReference STATS_ONLY = new ReplayReference() {
        @Override
        public NDArray negativeThresholds(NDManager manager) {
            return manager.full(new ai.djl.ndarray.types.Shape(16), -1f);
        }

        @Override
        public NDArray positiveThresholds(NDManager manager) {
            return manager.full(new ai.djl.ndarray.types.Shape(16), 1f);
        }

        @Override
        public NDArray regions(int[] samples, int width, NDManager manager) {
            return null;
        }

        @Override
        public NDArray features(int[] samples, int width, NDManager manager) {
            return null;
        }
    };

    @BeforeAll
    static void createModel() {
        model = TinySetup.model(VOCAB, 16, 60);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static Trainer trainer(ReplayStrategy strategy, ReplayContext context) {
        return new Trainer(model, model.parameters(), strategy, OPTIONS, context, 0);
    }

    @Test
    void interpolationNotSmallerThanTheGlobalBatchIsRejected() {
        ReplayContext context = new ReplayContext(REPLAY, null, null);
        for (int k : new int[] {4, 5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainer(ReplayStrategy.labelFitting().withReplayPerBatch(k), context));
            assertTrue(e.getMessage().contains("k=" + k) && e.getMessage().contains("global batch 4"), e.getMessage());
        }
        assertDoesNotThrow(() -> trainer(ReplayStrategy.labelFitting().withReplayPerBatch(3), context));
    }

    @Test
    void replayWithoutAReplaySetIsRejected() {
        ReplayStrategy tm = ReplayStrategy.constrained(new ReplayConstraint.Tm(), ConstraintWeight.of(100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(tm, null));
        assertTrue(e.getMessage().contains("BaselineR+TM (w=100) needs a replay set"), e.getMessage());
        assertDoesNotThrow(() -> trainer(ReplayStrategy.noReplay(), null));
    }

    @Test
    void aTaskWithoutExamplesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(ReplayStrategy.noReplay(), null).train("empty", List.of()));
        assertTrue(e.getMessage().contains("task 'empty' has no training examples"), e.getMessage());
    }

    @Test
    void constraintsWithoutTheirReferenceDataAreRejected() {
        ReplayContext context = new ReplayContext(REPLAY, STATS_ONLY, null);
        List<TrainingItem> task = TinySetup.taskItems(62, 2, VOCAB);
        IllegalStateException tm = assertThrows(IllegalStateException.class, () -> trainer(
                ReplayStrategy.constrained(new ReplayConstraint.Tm(), ConstraintWeight.of(1)), context)
                .train("t", task));
        assertTrue(tm.getMessage().contains("TM needs a reference with activation regions"), tm.getMessage());
        IllegalStateException l2 = assertThrows(IllegalStateException.class, () -> trainer(
                ReplayStrategy.constrained(new ReplayConstraint.L2(), ConstraintWeight.of(1)), context)
                .train("t", task));
        assertTrue(l2.getMessage().contains("L2 needs a reference with stored features"), l2.getMessage());
    }

    @Test
    void anInterruptStopsTrainingBeforeTheNextStep() {
        Trainer trainer = trainer(ReplayStrategy.noReplay(), null);
        // First use loads the engine and initialises classes, which must not be interrupted (one of them
        // swallows the flag, another fails its initialiser); a kernel's interrupt comes during steps.
        trainer.train("warm-up", TinySetup.taskItems(63, 2, VOCAB));
        Thread.currentThread().interrupt();
        CancellationException e = assertThrows(CancellationException.class,
                () -> trainer.train("t", TinySetup.taskItems(64, 8, VOCAB)));
        assertEquals("training of task 't' interrupted after 0 of 2 steps", e.getMessage());
        assertFalse(Thread.interrupted(), "the flag is consumed, so the kernel's thread can run the next cell");
    }
}
