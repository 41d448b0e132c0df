package org.gerenb.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gerenb.data.TextCorpus;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.WeightPrecision;
import org.gerenb.train.Pretrainer;

/** ./gere pretrain: trains the embedded base model from scratch; rerunning resumes from its checkpoint. */
final class PretrainCommand {

    private PretrainCommand() {
    }

    static void run(Args args) {
        Path data = args.path("data", Path.of("datasets/general/pretrain.jsonl"));
        Path tokenizerDir = args.path("tokenizer", Path.of("datasets/tokenizer"));
        Path out = args.path("out");
        int hidden = args.integer("hidden", 256);
        int layers = args.integer("layers", 4);
        int heads = args.integer("heads", 8);
        int kvHeads = args.integer("kv-heads", 4);
        int intermediate = args.integer("intermediate", 688);
        Pretrainer.Settings settings = new Pretrainer.Settings(args.integer("steps", 2000), args.integer("batch", 16),
                args.integer("context", 256), args.number("lr", 2e-3), args.integer("warmup", 100),
                args.integer("seed", 1234), args.integer("checkpoint-every", 100), args.integer("eval-every", 100));
        Path heldoutFile = args.path("heldout", Path.of("datasets/general/heldout.jsonl"));
        int heldoutCount = args.integer("heldout-count", 200);
        Device device = args.device();
        args.requireAllUsed();
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerDir)) {
            int vocab = vocabularySize(tokenizerDir);
            LlamaConfig config = LlamaConfig.llama(vocab, hidden, intermediate, layers, heads, kvHeads, 1024, true);
            System.err.printf(Locale.ROOT, "pretrain: %s with %,d parameters%n", config.architecture(),
                    config.parameterCount());
            try (LlamaModel model = LlamaModel.initialize(config, device, settings.seed())) {
                List<long[]> heldout = TextCorpus.readJsonl(heldoutFile, heldoutCount).stream()
                        .map(tokenizer::encode)
                        .map(ids -> java.util.Arrays.copyOf(ids, Math.min(ids.length, settings.context()))).toList();
                double loss = new Pretrainer(model, tokenizer, settings, out, heldout).run(TextCorpus.readJsonl(data));
                Checkpoint.save(model, tokenizer, out, WeightPrecision.F32);
                System.out.printf(Locale.ROOT, "pretrained %s: final loss %.4f (perplexity %.1f on training blocks)%n",
                        out, loss, Math.exp(loss));
            }
        }
    }

    private static int vocabularySize(Path tokenizerDir) {
        try {
            var json = com.google.gson.JsonParser.parseString(
                    java.nio.file.Files.readString(tokenizerDir.resolve("tokenizer.json"))).getAsJsonObject();
            int size = json.getAsJsonObject("model").getAsJsonObject("vocab").size();
            for (var token : json.getAsJsonArray("added_tokens")) {
                size = Math.max(size, token.getAsJsonObject().get("id").getAsInt() + 1);
            }
            return size;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
