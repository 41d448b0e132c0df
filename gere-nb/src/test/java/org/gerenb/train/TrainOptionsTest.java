package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** An invalid option names itself, its value and what is allowed, not the whole record. */
class TrainOptionsTest {

    private static String error(org.junit.jupiter.api.function.Executable build) {
        return assertThrows(IllegalArgumentException.class, build).getMessage();
    }

    @Test
    void anInvalidOptionIsNamedWithItsValueAndRange() {
        TrainOptions d = TrainOptions.defaults();
        assertEquals("training option epochs = 0: must be >= 1", error(() -> d.epochs(0)));
        assertEquals("training option learning rate = 0.0: must be > 0", error(() -> d.learningRate(0)));
        assertEquals("training option learning rate = NaN: must be > 0", error(() -> d.learningRate(Double.NaN)));
        assertEquals("training option warm-up steps = -1: must be >= 0", error(() -> d.warmupSteps(-1)));
        assertEquals("training option global batch = 0: must be >= 1", error(() -> d.batch(0, 4)));
        assertEquals("training option micro-batch = 0: must be >= 1", error(() -> d.batch(8, 0)));
    }
}
