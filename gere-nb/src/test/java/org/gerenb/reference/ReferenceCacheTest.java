package org.gerenb.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceCacheTest {

    @TempDir
    static Path models;
    private static LlamaModel model;
    private static Path modelDir;
    private static ReplaySet replay;

    @TempDir
    Path cache;

    @BeforeAll
    static void setUp() {
        model = TinyModels.model(31);
        modelDir = TinyModels.save(model, models.resolve("base"));
        replay = TinyModels.replay(32, 9);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    private Reference obtain(double k, ReferenceKind kind) {
        return ReferenceCache.obtain(model, modelDir, replay, k, kind, cache, 4);
    }

    @Test
    void secondObtainReusesTheCacheWithoutRecomputing() {
        Reference first;
        try (Reference built = obtain(1, ReferenceKind.REGIONS)) {
            first = built;
            assertFalse(built.reused());
            assertNotNull(built.build());
            assertEquals(2 * replay.tokenCount(), built.build().tokens());
        }
        Captured<Reference> second = captured(() -> obtain(1, ReferenceKind.REGIONS));
        assertTrue(second.value.reused());
        assertNull(second.value.build());
        assertTrue(second.output.contains("reference: reusing cache " + first.directory()), second.output);
        assertEquals(first.directory(), second.value.directory());
        assertArrayEquals(first.stats().mean(), second.value.stats().mean());
        assertEquals(first.regions().bytes(), second.value.regions().bytes());
        assertEquals(replay.tokenCount(), second.value.stats().tokenCount());
        assertEquals(List.of(first.directory()), entries());
    }

    @Test
    void entryHoldsManifestAndChecksummedFiles() throws Exception {
        try (Reference reference = obtain(1, ReferenceKind.REGIONS)) {
            Path dir = reference.directory();
            assertEquals(cache.resolve(reference.key().shortHash()), dir);
            assertTrue(Files.isRegularFile(dir.resolve("stats.csv")));
            assertTrue(Files.isRegularFile(dir.resolve("regions.bin")));
            String manifest = Files.readString(dir.resolve("manifest.json"));
            for (String field : List.of("\"formatVersion\": 1", "\"modelFingerprint\": \"" + reference.key().modelFingerprint(),
                    "\"replayFingerprint\": \"" + replay.fingerprint(), "\"maxLength\": 40", "\"k\": 1.0",
                    "\"kind\": \"REGIONS\"", "\"name\": \"regions.bin\"", "\"sha256\"", "\"created\"")) {
                assertTrue(manifest.contains(field), field + " missing from " + manifest);
            }
        }
    }

    @Test
    void anotherKOrReplaySetIsBuiltAfresh() {
        Reference k1 = obtain(1, ReferenceKind.REGIONS);
        Reference k2 = obtain(2, ReferenceKind.REGIONS);
        assertFalse(k2.reused());
        assertNotEquals(k1.directory(), k2.directory());
        assertEquals(2, k2.stats().k());
        ReplaySet other = TinyModels.replay(33, 9);
        Reference otherReplay = ReferenceCache.obtain(model, modelDir, other, 1, ReferenceKind.REGIONS, cache, 4);
        assertFalse(otherReplay.reused());
        assertEquals(other.fingerprint(), otherReplay.key().replayFingerprint());
    }

    @Test
    void anEntryWhoseManifestNamesAnotherKeyIsRebuilt() throws Exception {
        Reference k1 = obtain(1, ReferenceKind.REGIONS);
        CacheKey wanted = new CacheKey(k1.key().modelFingerprint(), replay.fingerprint(), replay.maxLength(), 2,
                ReferenceKind.REGIONS);
        copyTree(k1.directory(), cache.resolve(wanted.shortHash()));
        Captured<Reference> rebuilt = captured(() -> obtain(2, ReferenceKind.REGIONS));
        assertFalse(rebuilt.value.reused());
        assertTrue(rebuilt.output.contains("was built for k 1.0 instead of 2.0"), rebuilt.output);
        assertEquals(2, rebuilt.value.stats().k());
        assertEquals(wanted, rebuilt.value.key());
    }

    @Test
    void aDamagedRegionFileIsDetectedAndRebuilt() throws Exception {
        Reference original = obtain(1, ReferenceKind.REGIONS);
        Path regions = original.directory().resolve("regions.bin");
        byte[] bytes = Files.readAllBytes(regions);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(regions, bytes);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ReferenceCache.open(original.directory()));
        assertTrue(refused.getMessage().contains("regions.bin is damaged"), refused.getMessage());
        Captured<Reference> rebuilt = captured(() -> obtain(1, ReferenceKind.REGIONS));
        assertFalse(rebuilt.value.reused());
        assertTrue(rebuilt.output.contains("regions.bin is damaged"), rebuilt.output);
        int[] all = java.util.stream.IntStream.range(0, replay.size()).toArray();
        try (var manager = model.manager().newSubManager()) {
            assertArrayEquals(original.regions().regions(all, 40, manager).toByteArray(),
                    rebuilt.value.regions().regions(all, 40, manager).toByteArray());
        }
        assertTrue(obtain(1, ReferenceKind.REGIONS).reused());
    }

    @Test
    void aMissingFileIsDetectedAndRebuilt() throws Exception {
        Reference original = obtain(1, ReferenceKind.REGIONS);
        Files.delete(original.directory().resolve("stats.csv"));
        Captured<Reference> rebuilt = captured(() -> obtain(1, ReferenceKind.REGIONS));
        assertFalse(rebuilt.value.reused());
        assertTrue(rebuilt.output.contains("stats.csv is missing"), rebuilt.output);
    }

    @Test
    void aCacheFromAnotherModelIsRejected() {
        try (LlamaModel other = TinyModels.model(99);
             LlamaModel wider = LlamaModel.initialize(TinyModels.config(32), Device.cpu(), 31)) {
            Path otherDir = TinyModels.save(other, models.resolve("other"));
            Reference reference = obtain(1, ReferenceKind.NONE);
            reference.verifyFor(model, modelDir);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reference.verifyFor(other, otherDir));
            String otherFingerprint = ModelFingerprint.of(otherDir);
            assertTrue(e.getMessage().contains(reference.key().modelFingerprint())
                    && e.getMessage().contains(otherFingerprint) && e.getMessage().contains("another model"),
                    e.getMessage());
            IllegalStateException hidden = assertThrows(IllegalStateException.class,
                    () -> reference.verifyFor(wider, otherDir));
            assertTrue(hidden.getMessage().contains("hidden size 16") && hidden.getMessage().contains("hidden size 32"),
                    hidden.getMessage());
        }
    }

    @Test
    void aModelThatDoesNotMatchItsDirectoryIsRefused() {
        try (LlamaModel wider = LlamaModel.initialize(TinyModels.config(32), Device.cpu(), 31)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReferenceCache.obtain(wider, modelDir, replay, 1, ReferenceKind.REGIONS, cache, 4));
            assertTrue(e.getMessage().contains("config.json says 16"), e.getMessage());
        }
    }

    @Test
    void kindsStoreWhatTheirStrategiesNeed() {
        try (Reference none = obtain(1, ReferenceKind.NONE);
             Reference features = obtain(1, ReferenceKind.FEATURES)) {
            assertNull(none.regions());
            assertNull(none.features());
            assertEquals(1, none.build().passes());
            assertNull(features.regions());
            assertNotNull(features.features());
            assertEquals(replay.size(), features.features().size());
            assertTrue(Files.isRegularFile(features.directory().resolve("features.f16")));
        }
        try (Reference reused = obtain(1, ReferenceKind.FEATURES)) {
            assertTrue(reused.reused());
            assertEquals(replay.size(), reused.features().size());
        }
    }

    @Test
    void nonPositiveKIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> obtain(0, ReferenceKind.REGIONS));
        assertThrows(IllegalArgumentException.class, () -> obtain(-0.5, ReferenceKind.REGIONS));
    }

    @Test
    void aFailedBuildLeavesNoEntry() throws Exception {
        List<long[]> samples = new ArrayList<>(replay.samples());
        samples.add(new long[] {1, TinyModels.VOCAB + 7});
        ReplaySet broken = new ReplaySet(samples, replay.source(), replay.maxLength(), "broken");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ReferenceCache.obtain(model, modelDir, broken, 1, ReferenceKind.REGIONS, cache, 4));
        assertTrue(e.getMessage().contains("index out of range"), "the pass itself failed: " + e);
        assertEquals(List.of(), entries());
        try (Stream<Path> all = Files.list(cache)) {
            assertEquals(0, all.count(), "no temporary build directory is left behind");
        }
    }

    private List<Path> entries() {
        try (Stream<Path> all = Files.list(cache)) {
            return all.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Captured<T>(T value, String output) {
    }

    private static <T> Captured<T> captured(Supplier<T> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true));
        try {
            return new Captured<>(action.get(), bytes.toString());
        } finally {
            System.setOut(original);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
