package org.gerenb.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.DataFormatException;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.runtime.FileTrees;

/**
 * Reference passes are the slowest step before training (minutes for an 8B model), so their results are
 * cached on disk: cacheRoot/&lt;short hash of the key&gt;/ holds manifest.json, stats.csv and regions.bin or
 * features.f16. An entry is reused only when its manifest names the same key and every file's checksum
 * verifies; otherwise it is deleted and rebuilt, never used silently. Verifying reads every file once
 * (seconds for the gigabytes of an 8B model's feature file, far less than a reference pass).
 *
 * <p>Entries are built in a temporary directory and renamed into place, so an interrupted build leaves
 * no half entry. Two processes building the same entry at the same time are not supported.
 */
public final class ReferenceCache {

    static final String STATS = "stats.csv";
    static final String REGIONS = "regions.bin";
    static final String FEATURES = "features.f16";
    private static final String BUILDING = ".building-";

    private ReferenceCache() {
    }

    /** The cached reference for this base model and replay set, built first when absent or stale. */
    public static Reference obtain(LlamaModel base, Path modelDir, ReplaySet replay, double k, ReferenceKind kind,
            Path cacheRoot, int batchSize) {
        if (!(k > 0) || Double.isInfinite(k) || batchSize <= 0) {
            throw new IllegalArgumentException("k must be a positive number and batch size positive, got k = " + k
                    + " and batch size " + batchSize);
        }
        requireModelFromDirectory(base, modelDir);
        CacheKey key = new CacheKey(ModelFingerprint.of(modelDir), replay.fingerprint(), replay.maxLength(), k, kind);
        Path entry = cacheRoot.resolve(key.shortHash());
        if (Files.isDirectory(entry)) {
            String problem = problem(entry, key);
            if (problem == null) {
                System.out.println("reference: reusing cache " + entry);
                return load(entry, Manifest.read(entry.resolve(Manifest.FILE_NAME)), null);
            }
            System.out.println("reference: cache " + entry + " " + problem + "; deleting and rebuilding");
        }
        Reference.Build build = build(base, modelDir, replay, key, entry, batchSize);
        System.out.println("reference: built cache " + entry + " (" + build + ")");
        return load(entry, Manifest.read(entry.resolve(Manifest.FILE_NAME)), build);
    }

    /**
     * As {@link #obtain}, but the base model is loaded from {@code modelDir} only when the cache misses: a hit
     * reads the stored reference and no second copy of the model.
     */
    public static Reference obtain(Path modelDir, ai.djl.Device device, ReplaySet replay, double k, ReferenceKind kind,
            Path cacheRoot, int batchSize) {
        CacheKey key = new CacheKey(ModelFingerprint.of(modelDir), replay.fingerprint(), replay.maxLength(), k, kind);
        Path entry = cacheRoot.resolve(key.shortHash());
        if (Files.isDirectory(entry) && problem(entry, key) == null) {
            System.out.println("reference: reusing cache " + entry);
            return load(entry, Manifest.read(entry.resolve(Manifest.FILE_NAME)), null);
        }
        try (LlamaModel base = org.gerenb.model.Checkpoint.load(modelDir, device)) {
            return obtain(base, modelDir, replay, k, kind, cacheRoot, batchSize);
        }
    }

    /** An existing entry, e.g. one named on a command line; damaged files are refused. */
    public static Reference open(Path entry) {
        Path manifestFile = entry.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalStateException(entry + " is not a reference cache entry: no " + Manifest.FILE_NAME);
        }
        Manifest manifest = Manifest.read(manifestFile);
        String damage = manifest.damage(entry);
        if (damage != null) {
            throw new IllegalStateException("reference cache " + entry + ": " + damage);
        }
        return load(entry, manifest, null);
    }

    private static void requireModelFromDirectory(LlamaModel base, Path modelDir) {
        int onDisk = LlamaConfig.read(modelDir.resolve("config.json")).hiddenSize();
        if (onDisk != base.config().hiddenSize()) {
            throw new IllegalArgumentException("the base model has hidden size " + base.config().hiddenSize()
                    + ", but " + modelDir.resolve("config.json") + " says " + onDisk
                    + ": pass the directory the model was loaded from");
        }
    }

    /** Why an existing entry cannot serve this key, or null when it can. */
    private static String problem(Path entry, CacheKey key) {
        Path manifestFile = entry.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            return "has no " + Manifest.FILE_NAME;
        }
        Manifest manifest;
        try {
            manifest = Manifest.read(manifestFile);
        } catch (DataFormatException e) {
            return "has an unusable manifest (" + e.getMessage() + ")";
        }
        List<String> differences = key.differencesFrom(manifest.key());
        if (!differences.isEmpty()) {
            return "was built for " + String.join(", ", differences);
        }
        for (String required : dataFiles(key.kind())) {
            if (!manifest.lists(required)) {
                return "does not list " + required;
            }
        }
        return manifest.damage(entry);
    }

    private static List<String> dataFiles(ReferenceKind kind) {
        return switch (kind) {
            case REGIONS -> List.of(STATS, REGIONS);
            case FEATURES -> List.of(STATS, FEATURES);
            case NONE -> List.of(STATS);
        };
    }

    private static Reference.Build build(LlamaModel base, Path modelDir, ReplaySet replay, CacheKey key, Path entry,
            int batchSize) {
        Path temp = null;
        try {
            Files.createDirectories(entry.getParent());
            deleteLeftovers(entry);
            temp = Files.createTempDirectory(entry.getParent(), BUILDING + entry.getFileName() + "-");
            long start = System.nanoTime();
            ActivationStats stats = ActivationStats.compute(base, replay, key.k(), batchSize);
            stats.writeCsv(temp.resolve(STATS));
            if (key.kind() == ReferenceKind.REGIONS) {
                RegionStore.compute(base, replay, stats, batchSize).write(temp.resolve(REGIONS));
            } else if (key.kind() == ReferenceKind.FEATURES) {
                FeatureStore.compute(base, replay, batchSize, temp.resolve(FEATURES)).close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            manifest(key, base, modelDir, replay, temp).write(temp.resolve(Manifest.FILE_NAME));
            replace(entry, temp);
            return new Reference.Build(key.kind().passes(), key.kind().passes() * replay.tokenCount(), seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build reference cache " + entry, e);
        } finally {
            if (temp != null) {
                FileTrees.delete(temp);
            }
        }
    }

    private static Manifest manifest(CacheKey key, LlamaModel base, Path modelDir, ReplaySet replay, Path temp) {
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (String name : dataFiles(key.kind())) {
            files.add(Manifest.FileEntry.of(temp.resolve(name)));
        }
        return new Manifest(Manifest.FORMAT_VERSION, Instant.now().toString(), key.modelFingerprint(),
                modelDir.toAbsolutePath().toString(), base.config().hiddenSize(), key.replayFingerprint(),
                String.valueOf(replay.source()), replay.size(), replay.tokenCount(), key.maxLength(), key.k(),
                key.kind(), files);
    }

    /** Swaps the finished build in: the entry is either absent or complete at every moment. */
    private static void replace(Path entry, Path temp) throws IOException {
        FileTrees.delete(entry);
        Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Temporary directories of builds of this entry that were killed before they finished. */
    private static void deleteLeftovers(Path entry) throws IOException {
        String prefix = BUILDING + entry.getFileName() + "-";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(entry.getParent(), prefix + "*")) {
            stream.forEach(FileTrees::delete);
        }
    }

    private static Reference load(Path entry, Manifest manifest, Reference.Build build) {
        ActivationStats stats = ActivationStats.readCsv(entry.resolve(STATS), manifest.k(), manifest.replayTokens());
        RegionStore regions = manifest.kind() == ReferenceKind.REGIONS ? RegionStore.read(entry.resolve(REGIONS)) : null;
        FeatureStore features = manifest.kind() == ReferenceKind.FEATURES
                ? FeatureStore.open(entry.resolve(FEATURES)) : null;
        return new Reference(manifest.key(), manifest.hiddenSize(), stats, regions, features, entry, build == null,
                build);
    }
}
