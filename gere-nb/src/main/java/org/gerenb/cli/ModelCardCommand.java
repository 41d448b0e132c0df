package org.gerenb.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.report.ModelCard;

/** ./gere model-card: measures a base model and writes its README.md. */
final class ModelCardCommand {

    private ModelCardCommand() {
    }

    static void run(Args args) {
        Path model = args.path("model", Path.of("datasets/model"));
        Path corpus = args.path("corpus", Path.of("datasets/general/pretrain.jsonl"));
        Path heldout = args.path("heldout", Path.of("datasets/general/heldout.jsonl"));
        Path benchmark = args.path("benchmark", Path.of("datasets/mmlu-open"));
        Path training = args.path("training", model.resolve("TRAINING.md"));
        args.requireAllUsed();
        try (TextTokenizer tokenizer = TextTokenizer.load(model); LlamaModel llm = Checkpoint.load(model)) {
            String notes = Files.isRegularFile(training) ? read(training) : "(no training notes found at " + training + ")";
            ModelCard card = ModelCard.measure(llm, tokenizer, corpus, heldout, benchmark, notes,
                    model.resolve("heldout_log.csv"));
            card.write(model);
            System.out.println(card.markdown());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
