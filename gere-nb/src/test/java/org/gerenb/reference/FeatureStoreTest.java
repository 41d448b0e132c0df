package org.gerenb.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gerenb.data.DataFormatException;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {

    /** Half precision keeps 11 significant bits: relative error at most 2^-11. */
    private static final double HALF_RELATIVE = 1.0 / 2048;

    private static LlamaModel model;
    private static ReplaySet replay;

    @BeforeAll
    static void setUp() {
        model = TinyModels.model(21);
        replay = TinyModels.replay(22, 11);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void featuresRoundTripWithinHalfPrecision(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("features.f16");
        try (FeatureStore computed = FeatureStore.compute(model, replay, 3, file);
             FeatureStore store = FeatureStore.open(file);
             NDManager manager = model.manager().newSubManager()) {
            long expectedBytes = 16 + 4L * replay.size() + 2L * replay.tokenCount() * TinyModels.HIDDEN;
            assertEquals(expectedBytes, Files.size(file));
            assertEquals(expectedBytes, store.bytes());
            int[] samples = {6, 2, 10, 0};
            int padded = TinyModels.MAX_LENGTH;
            NDArray features = store.features(samples, padded, manager);
            assertEquals(DataType.FLOAT32, features.getDataType());
            assertArrayEquals(new long[] {4, padded, TinyModels.HIDDEN}, features.getShape().getShape());
            float[] values = features.toFloatArray();
            for (int row = 0; row < samples.length; row++) {
                assertRow(values, row, padded, TinyModels.hiddenStates(model, replay.samples().get(samples[row])));
            }
            assertArrayEquals(values, computed.features(samples, padded, manager).toFloatArray());
        }
    }

    private static void assertRow(float[] values, int row, int padded, float[][] expected) {
        int hidden = TinyModels.HIDDEN;
        for (int t = 0; t < padded; t++) {
            for (int d = 0; d < hidden; d++) {
                float actual = values[(row * padded + t) * hidden + d];
                if (t >= expected.length) {
                    assertEquals(0f, actual, "padding of row " + row + " token " + t);
                } else {
                    double tolerance = HALF_RELATIVE * Math.abs(expected[t][d]) + 1e-6;
                    assertEquals(expected[t][d], actual, tolerance, "row " + row + " token " + t + " dim " + d);
                }
            }
        }
    }

    @Test
    void truncatedFileIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("features.f16");
        FeatureStore.compute(model, replay, 4, file).close();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FeatureStore.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("implies"), e.getMessage());
    }

    @Test
    void aRegionFileIsNotAFeatureFile(@TempDir Path dir) {
        Path file = dir.resolve("regions.bin");
        ActivationStats stats = ActivationStats.compute(model, replay, 1, 4);
        RegionStore.compute(model, replay, stats, 4).write(file);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FeatureStore.open(file));
        assertTrue(e.getMessage().contains("expected magic 'GRF6'"), e.getMessage());
    }
}
