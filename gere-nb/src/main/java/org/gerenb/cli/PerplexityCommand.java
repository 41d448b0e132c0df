package org.gerenb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.gerenb.data.DataFormatException;
import org.gerenb.data.TextCorpus;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;

/** ./gere perplexity: token-weighted perplexity of a model on JSONL texts, optionally per text as CSV. */
final class PerplexityCommand {

    private PerplexityCommand() {
    }

    static void run(Args args) {
        Path modelDir = args.path("model");
        Path data = args.path("data");
        int maxLength = args.integer("max-length", Integer.MAX_VALUE);
        int batchSize = args.integer("batch-size", 8);
        Path out = args.path("out", null);
        String device = args.string("device", Devices.DEFAULT);
        args.requireAllUsed();
        try (TextTokenizer tokenizer = TextTokenizer.load(modelDir);
             LlamaModel model = Checkpoint.load(modelDir, Devices.parse(device))) {
            List<long[]> sequences = encode(tokenizer, TextCorpus.readJsonl(data), data, maxLength);
            SequenceScorer.Score[] scores = SequenceScorer.languageModeling(model, sequences, batchSize,
                    tokenizer.padId());
            long tokens = java.util.Arrays.stream(scores).mapToLong(SequenceScorer.Score::tokens).sum();
            System.out.printf("perplexity %.4f over %d predicted tokens in %d texts%n",
                    SequenceScorer.perplexity(scores), tokens, scores.length);
            if (out != null) {
                writeCsv(out, sequences, scores);
            }
        }
    }

    private static List<long[]> encode(TextTokenizer tokenizer, List<String> texts, Path file, int maxLength) {
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            long[] ids = tokenizer.encode(texts.get(i));
            if (ids.length < 2) {
                throw new DataFormatException(file, i + 1, "text has " + ids.length
                        + " token(s); perplexity needs at least 2");
            }
            sequences.add(ids.length > maxLength ? java.util.Arrays.copyOf(ids, maxLength) : ids);
        }
        return sequences;
    }

    private static void writeCsv(Path out, List<long[]> sequences, SequenceScorer.Score[] scores) {
        try (Writer writer = Files.newBufferedWriter(out);
             CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                     .setHeader("index", "tokens", "nll").get())) {
            for (int i = 0; i < scores.length; i++) {
                csv.printRecord(i, sequences.get(i).length, scores[i].nll());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }
}
