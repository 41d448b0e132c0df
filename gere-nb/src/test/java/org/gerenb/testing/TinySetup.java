package org.gerenb.testing;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.WeightPrecision;
import org.gerenb.train.TrainingItem;

/** Tiny random models, replay sets and task items for training and experiment tests. */
public final class TinySetup {

    /** The project's tokenizer; tests run with gere-nb/ as working directory. */
    public static final Path TOKENIZER = Path.of("../datasets/tokenizer");
    public static final int TOKENIZER_VOCAB = 4096;

    private TinySetup() {
    }

    /** Two layers, four query heads over two key/value heads, untied head. */
    public static LlamaConfig config(int vocab, int hidden) {
        return LlamaConfig.llama(vocab, hidden, 2 * hidden, 2, 4, 2, 256, false);
    }

    public static LlamaModel model(int vocab, int hidden, long seed) {
        return LlamaModel.initialize(config(vocab, hidden), Device.cpu(), seed);
    }

    /** Saves weights and config only (no tokenizer). */
    public static Path save(LlamaModel model, Path dir) {
        Checkpoint.save(model, null, dir, WeightPrecision.F32);
        return dir;
    }

    /** A random model over the project's tokenizer, saved with the tokenizer files so TextTokenizer.load works. */
    public static Path modelWithTokenizer(Path dir, int hidden, long seed) {
        try (LlamaModel model = model(TOKENIZER_VOCAB, hidden, seed);
             TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER)) {
            Checkpoint.save(model, tokenizer, dir, WeightPrecision.F32);
        }
        return dir;
    }

    /** Random id sequences of minLength..maxLength tokens. */
    public static List<long[]> sequences(long seed, int count, int vocab, int minLength, int maxLength) {
        Random random = new Random(seed);
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] ids = new long[minLength + random.nextInt(maxLength - minLength + 1)];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = random.nextInt(vocab);
            }
            sequences.add(ids);
        }
        return sequences;
    }

    /** A replay set of random samples of 2..maxLength tokens (lengths differ, so batches are padded). */
    public static ReplaySet replay(long seed, int count, int vocab, int maxLength) {
        return new ReplaySet(List.copyOf(sequences(seed, count, vocab, 2, maxLength)),
                Path.of("random-" + seed + ".jsonl"), maxLength, "random-" + seed + "-" + count + "-" + vocab);
    }

    /** Task items: a random prompt of 3..12 tokens and a 1..3 token answer. */
    public static List<TrainingItem> taskItems(long seed, int count, int vocab) {
        List<long[]> prompts = sequences(seed, count, vocab, 3, 12);
        List<long[]> answers = sequences(seed + 1, count, vocab, 1, 3);
        List<TrainingItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(TrainingItem.task(prompts.get(i), answers.get(i)));
        }
        return items;
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
