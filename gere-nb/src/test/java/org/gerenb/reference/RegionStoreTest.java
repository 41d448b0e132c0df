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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionStoreTest {

    /** Values this close to a threshold may fall either side between batched and single-sample passes. */
    private static final double AMBIGUOUS = 1e-5;

    private static LlamaModel model;
    private static ReplaySet replay;
    private static ActivationStats stats;
    private static RegionStore store;
    private NDManager manager;

    @BeforeAll
    static void setUp() {
        model = TinyModels.model(3);
        replay = TinyModels.replay(5, 17);
        stats = ActivationStats.compute(model, replay, 1, 4);
        store = RegionStore.compute(model, replay, stats, 4);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @BeforeEach
    void openManager() {
        manager = model.manager().newSubManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void regionCountsAddUpToEveryStoredValue() {
        long[] counts = store.regionCounts();
        long[] expected = new long[3];
        for (int i = 0; i < replay.size(); i++) {
            for (byte code : store.regions(new int[] {i}, store.length(i), manager).toByteArray()) {
                expected[code]++;
            }
        }
        assertArrayEquals(expected, counts);
        assertEquals(store.tokenCount() * store.hiddenSize(), counts[0] + counts[1] + counts[2]);
    }

    @Test
    void regionsEqualAnIndependentClassification() {
        long checked = 0;
        long ambiguous = 0;
        int[] seen = new int[3];
        double[] neg = stats.neg();
        double[] pos = stats.pos();
        for (int i = 0; i < replay.size(); i++) {
            float[][] states = TinyModels.hiddenStates(model, replay.samples().get(i));
            byte[] codes = store.regions(new int[] {i}, states.length, manager).toByteArray();
            for (int t = 0; t < states.length; t++) {
                for (int d = 0; d < TinyModels.HIDDEN; d++) {
                    double r = states[t][d];
                    if (Math.abs(r - neg[d]) < AMBIGUOUS || Math.abs(r - pos[d]) < AMBIGUOUS) {
                        ambiguous++;
                        continue;
                    }
                    int expected = r <= neg[d] ? RegionStore.NEGATIVE : r >= pos[d] ? RegionStore.POSITIVE
                            : RegionStore.NEUTRAL;
                    assertEquals(expected, codes[t * TinyModels.HIDDEN + d], "sample " + i + " token " + t + " dim " + d);
                    seen[expected]++;
                    checked++;
                }
            }
        }
        assertEquals(replay.tokenCount() * TinyModels.HIDDEN, checked + ambiguous);
        assertTrue(ambiguous * 1000 < checked, ambiguous + " ambiguous of " + checked);
        for (int region = 0; region < 3; region++) {
            assertTrue(seen[region] > 0, "region " + region + " never occurs");
        }
    }

    @Test
    void paddedRowsAreNeutralAndInTheRequestedOrder() {
        int[] samples = {4, 0, 9};
        int padded = TinyModels.MAX_LENGTH + 3;
        NDArray batch = store.regions(samples, padded, manager);
        assertEquals(DataType.INT8, batch.getDataType());
        assertArrayEquals(new long[] {3, padded, TinyModels.HIDDEN}, batch.getShape().getShape());
        byte[] codes = batch.toByteArray();
        for (int row = 0; row < samples.length; row++) {
            int length = store.length(samples[row]);
            byte[] alone = store.regions(new int[] {samples[row]}, length, manager).toByteArray();
            int start = row * padded * TinyModels.HIDDEN;
            for (int i = 0; i < padded * TinyModels.HIDDEN; i++) {
                byte expected = i < alone.length ? alone[i] : RegionStore.NEUTRAL;
                assertEquals(expected, codes[start + i], "row " + row + " element " + i);
            }
        }
    }

    @Test
    void tooShortPaddedLengthIsRejected() {
        int longest = 0;
        for (int i = 1; i < store.size(); i++) {
            longest = store.length(i) > store.length(longest) ? i : longest;
        }
        int sample = longest;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.regions(new int[] {sample}, store.length(sample) - 1, manager));
        assertTrue(e.getMessage().contains("more than the padded length"), e.getMessage());
    }

    @Test
    void packedCodesAreAtLeastSixteenTimesSmallerThanFloat32() {
        double ratio = (double) store.float32Bytes() / store.bytes();
        System.out.printf("region store: %d packed bytes vs %d float32 bytes, ratio %.2f%n", store.bytes(),
                store.float32Bytes(), ratio);
        assertEquals(4L * replay.tokenCount() * TinyModels.HIDDEN, store.float32Bytes());
        assertTrue(ratio >= 16, "ratio " + ratio);
    }

    @Test
    void writeReadRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("regions.bin");
        store.write(file);
        RegionStore read = RegionStore.read(file);
        assertEquals(store.size(), read.size());
        assertEquals(store.hiddenSize(), read.hiddenSize());
        assertEquals(store.bytes(), read.bytes());
        assertEquals(16 + 4 * store.size() + store.bytes(), Files.size(file));
        int[] all = java.util.stream.IntStream.range(0, store.size()).toArray();
        assertArrayEquals(store.regions(all, TinyModels.MAX_LENGTH, manager).toByteArray(),
                read.regions(all, TinyModels.MAX_LENGTH, manager).toByteArray());
    }

    @Test
    void truncatedFileIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("regions.bin");
        store.write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> RegionStore.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("implies"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("regions.bin");
        Files.writeString(file, "not a region store at all");
        DataFormatException e = assertThrows(DataFormatException.class, () -> RegionStore.read(file));
        assertTrue(e.getMessage().contains("expected magic 'GRRG'"), e.getMessage());
    }

    @Test
    void codeThreeIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("regions.bin");
        store.write(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] = (byte) 0xFF;
        Files.write(file, bytes);
        DataFormatException e = assertThrows(DataFormatException.class, () -> RegionStore.read(file));
        assertTrue(e.getMessage().contains("region code 3"), e.getMessage());
    }
}
