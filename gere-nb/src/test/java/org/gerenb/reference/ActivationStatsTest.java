package org.gerenb.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.DataFormatException;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationStatsTest {

    private static LlamaModel model;
    private static ReplaySet replay;
    /** k = 1 statistics, for the tests that only need some statistics. */
    private static ActivationStats unitK;

    @BeforeAll
    static void setUp() {
        model = TinyModels.model(7);
        replay = TinyModels.replay(11, 13);
        unitK = ActivationStats.compute(model, replay, 1, 4);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void meanStdAndThresholdsEqualAHandComputation() {
        double k = 1.5;
        ActivationStats stats = ActivationStats.compute(model, replay, k, 4);
        double[] mean = new double[TinyModels.HIDDEN];
        long tokens = 0;
        for (long[] sample : replay.samples()) {
            for (float[] token : TinyModels.hiddenStates(model, sample)) {
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += token[d];
                }
                tokens++;
            }
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] /= tokens;
        }
        double[] variance = new double[TinyModels.HIDDEN];
        for (long[] sample : replay.samples()) {
            for (float[] token : TinyModels.hiddenStates(model, sample)) {
                for (int d = 0; d < variance.length; d++) {
                    variance[d] += (token[d] - mean[d]) * (token[d] - mean[d]) / tokens;
                }
            }
        }
        assertEquals(replay.tokenCount(), stats.tokenCount());
        assertEquals(tokens, stats.tokenCount());
        for (int d = 0; d < mean.length; d++) {
            double std = Math.sqrt(variance[d]);
            assertEquals(mean[d], stats.mean()[d], 1e-5, "mean of dim " + d);
            assertEquals(std, stats.std()[d], 1e-5, "population std of dim " + d);
            assertEquals(mean[d] - k * std, stats.neg()[d], 1e-5, "neg threshold of dim " + d);
            assertEquals(mean[d] + k * std, stats.pos()[d], 1e-5, "pos threshold of dim " + d);
            assertTrue(stats.std()[d] > 0.1, "a random model's states vary in every dimension");
        }
    }

    @Test
    void paddingDoesNotChangeTheStatistics() {
        ActivationStats alone = ActivationStats.compute(model, replay, 1, 1);
        assertArrayEquals(alone.mean(), unitK.mean(), 1e-6);
        assertArrayEquals(alone.std(), unitK.std(), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void nonPositiveKIsRejected(double k, @TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationStats.compute(model, replay, k, 4));
        assertTrue(e.getMessage().contains("k must be a positive number"), e.getMessage());
        unitK.writeCsv(dir.resolve("stats.csv"));
        assertThrows(IllegalArgumentException.class, () -> ActivationStats.readCsv(dir.resolve("stats.csv"), k));
    }

    @Test
    void csvRoundTripIsExact(@TempDir Path dir) throws Exception {
        ActivationStats stats = unitK;
        Path csv = dir.resolve("stats.csv");
        stats.writeCsv(csv);
        assertEquals("dim,mean,std,neg,pos", Files.readAllLines(csv).get(0));
        assertEquals(TinyModels.HIDDEN + 1, Files.readAllLines(csv).size());
        ActivationStats read = ActivationStats.readCsv(csv, 1);
        assertArrayEquals(stats.mean(), read.mean());
        assertArrayEquals(stats.std(), read.std());
        assertArrayEquals(stats.neg(), read.neg());
        assertArrayEquals(stats.pos(), read.pos());
        assertEquals(1, read.k());
        assertEquals(0, read.tokenCount(), "a CSV does not record the token count");
    }

    @Test
    void csvWrittenForAnotherKIsRejected(@TempDir Path dir) {
        Path csv = dir.resolve("stats.csv");
        unitK.writeCsv(csv);
        DataFormatException e = assertThrows(DataFormatException.class, () -> ActivationStats.readCsv(csv, 3));
        assertTrue(e.getMessage().contains(csv.toString()) && e.getMessage().contains("another k"), e.getMessage());
    }

    @Test
    void csvWithAWrongHeaderIsRejected(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("stats.csv");
        Files.writeString(csv, "dim,mu,sigma\n0,1,2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ActivationStats.readCsv(csv, 1));
        assertTrue(e.getMessage().contains("expected [dim, mean, std, neg, pos]"), e.getMessage());
    }

    @Test
    void thresholdArraysAreFloat32OnTheDevice() {
        ActivationStats stats = unitK;
        try (var manager = model.manager().newSubManager()) {
            var neg = stats.negArray(manager);
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, neg.getDataType());
            assertEquals(TinyModels.HIDDEN, neg.getShape().get(0));
            assertEquals((float) stats.pos()[3], stats.posArray(manager).getFloat(3));
        }
    }

    @Test
    void aReplaySampleOfOneTokenCountsInTheStatistics() {
        long[] oneToken = {7};
        List<long[]> samples = new ArrayList<>(replay.samples());
        samples.add(oneToken);
        ReplaySet withOneToken = new ReplaySet(List.copyOf(samples), replay.source(), replay.maxLength(), "one-token");
        ActivationStats stats = ActivationStats.compute(model, withOneToken, 1, 4);
        assertEquals(replay.tokenCount() + 1, stats.tokenCount());
        float[] state = TinyModels.hiddenStates(model, oneToken)[0];
        for (int d = 0; d < TinyModels.HIDDEN; d++) {
            double expected = (unitK.mean()[d] * replay.tokenCount() + state[d]) / (replay.tokenCount() + 1);
            assertEquals(expected, stats.mean()[d], 1e-5, "mean of dim " + d + " takes in the one token");
        }
    }
}
