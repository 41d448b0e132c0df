package org.gerenb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluent API's strategy settings compose in any order. */
class GeReTest {

    @TempDir
    static Path dir;
    private static Path model;
    private static Path replay;

    @BeforeAll
    static void setUp() {
        model = TinySetup.modelWithTokenizer(dir.resolve("model"), 16, 3);
        replay = dir.resolve("replay.jsonl");
        TinySetup.write(replay, "{\"text\": \"The river runs past the old mill.\"}\n"
                + "{\"text\": \"Trains leave every hour from the north platform.\"}\n");
    }

    @Test
    void settingsComposeInAnyOrder() {
        try (GeRe gere = GeRe.load(model, Device.cpu())) {
            assertEquals("Baseline", gere.strategy().name());
            gere.replay(replay.toString(), 10, 16);
            assertEquals("BaselineR", gere.strategy().name(), "a replay set turns label fitting on");
            assertEquals(2, gere.replaySet().size());
            gere.interpolate(2).constrainWith(GeRe.tm()).dynamicWeight();
            assertEquals("BaselineR+TM (w=dy) +BI(2)", gere.strategy().name());
            gere.constrainWith(GeRe.kl(1.5)).weight(3);
            assertEquals("BaselineR+KL(T=1.5) (w=3) +BI(2)", gere.strategy().name());
        }
        try (GeRe gere = GeRe.load(model, Device.cpu())) {
            gere.interpolate(2).replay(replay.toString(), 10, 16);
            assertEquals("BaselineR +BI(2)", gere.strategy().name(), "interpolation set before the replay set is kept");
        }
    }

    @Test
    void replayingWithoutAReplaySetIsExplained() {
        try (GeRe gere = GeRe.load(model, Device.cpu())) {
            gere.constrainWith(GeRe.tm());
            IllegalStateException e = assertThrows(IllegalStateException.class, gere::reference);
            assertTrue(e.getMessage().contains("call replay("), e.getMessage());
        }
    }

    @Test
    void devicesAreNamedCpuOrGpu() {
        assertEquals(Device.cpu(), GeRe.device("cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GeRe.device("tpu"));
        assertTrue(e.getMessage().contains("expected cpu, gpu or gpu:N"), e.getMessage());
    }
}
