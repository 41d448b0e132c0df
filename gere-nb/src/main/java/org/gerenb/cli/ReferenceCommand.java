package org.gerenb.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Locale;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.reference.Reference;
import org.gerenb.reference.ReferenceCache;
import org.gerenb.reference.ReferenceKind;
import org.gerenb.reference.RegionStore;

/**
 * ./gere reference: the base model's reference pass over the replay set, cached under --out (reused when
 * it is still valid), with the activation statistics also written to --out/stats.csv.
 */
final class ReferenceCommand {

    private ReferenceCommand() {
    }

    static void run(Args args) {
        Path modelDir = args.path("model");
        Path replayFile = args.path("replay");
        Path out = args.path("out");
        int maxLength = args.integer("max-length", ReplaySet.DEFAULT_MAX_LENGTH);
        int count = args.integer("count", ReplaySet.DEFAULT_COUNT);
        double k = args.number("k", 1.0);
        ReferenceKind kind = kind(args.string("kind", "regions"));
        int batchSize = args.integer("batch-size", 8);
        Device device = args.device();
        args.requireAllUsed();
        try (TextTokenizer tokenizer = TextTokenizer.load(modelDir);
             LlamaModel model = Checkpoint.load(modelDir, device)) {
            ReplaySet replay = ReplaySet.load(replayFile, tokenizer, count, maxLength);
            try (Reference reference = ReferenceCache.obtain(model, modelDir, replay, k, kind, out, batchSize)) {
                Path stats = out.resolve("stats.csv");
                reference.stats().writeCsv(stats);
                printSummary(replay, reference, stats);
            }
        }
    }

    private static ReferenceKind kind(String name) {
        try {
            return ReferenceKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("reference: --kind: " + e.getMessage());
        }
    }

    private static void printSummary(ReplaySet replay, Reference reference, Path stats) {
        System.out.printf(Locale.ROOT, "replay: %d samples, %d tokens, hidden size D = %d, k = %s%n", replay.size(),
                replay.tokenCount(), reference.hiddenSize(), reference.stats().k());
        RegionStore regions = reference.regions();
        if (regions != null) {
            System.out.printf(Locale.ROOT, "regions: %s packed vs %s as float32 (%.1fx smaller)%n",
                    size(regions.bytes()), size(regions.float32Bytes()),
                    (double) regions.float32Bytes() / regions.bytes());
        }
        if (reference.features() != null) {
            System.out.printf(Locale.ROOT, "features: %s as float16%n", size(reference.features().bytes()));
        }
        System.out.println(reference.build() == null ? "reference pass: reused the cached entry"
                : "reference pass: " + reference.build());
        System.out.println("entry: " + reference.directory());
        System.out.println("statistics: " + stats);
    }

    private static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }
}
