package org.gerenb.cli;

import ai.djl.Device;
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

/**
 * ./gere perplexity: token-weighted perplexity of a model on JSONL texts, optionally per text as CSV. Every
 * token after a text's first is predicted, so a text of one token counts with 0 predicted tokens (a warning
 * says how many) rather than making the whole file unusable.
 */
final class PerplexityCommand {

    private PerplexityCommand() {
    }

    static void run(Args args) {
        Path modelDir = args.path("model");
        Path data = args.path("data");
        int maxLength = maxLength(args);
        int batchSize = args.integer("batch-size", 8);
        Path out = args.path("out", null);
        Device device = args.device();
        args.requireAllUsed();
        try (TextTokenizer tokenizer = TextTokenizer.load(modelDir);
             LlamaModel model = Checkpoint.load(modelDir, device)) {
            List<long[]> sequences = encode(tokenizer, TextCorpus.readJsonl(data), data, maxLength);
            warnAboutSingleTokens(sequences, data);
            SequenceScorer.Score[] scores = SequenceScorer.languageModeling(model, sequences, batchSize,
                    tokenizer.padId());
            printPerplexity(scores, data);
            if (out != null) {
                writeCsv(out, sequences, scores);
            }
        }
    }

    private static int maxLength(Args args) {
        int maxLength = args.integer("max-length", Integer.MAX_VALUE);
        if (maxLength < 2) {
            throw new Args.UsageException("perplexity: --max-length " + maxLength + ": must be >= 2 (the first token "
                    + "of a text is not predicted)");
        }
        return maxLength;
    }

    private static void printPerplexity(SequenceScorer.Score[] scores, Path data) {
        long tokens = java.util.Arrays.stream(scores).mapToLong(SequenceScorer.Score::tokens).sum();
        if (tokens == 0) {
            throw new DataFormatException(data, "every text has a single token: no token is predicted, so there is "
                    + "no perplexity");
        }
        System.out.printf("perplexity %.4f over %d predicted tokens in %d texts%n", SequenceScorer.perplexity(scores),
                tokens, scores.length);
    }

    private static List<long[]> encode(TextTokenizer tokenizer, List<String> texts, Path file, int maxLength) {
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            long[] ids = tokenizer.encode(texts.get(i));
            if (ids.length == 0) {
                // an empty row would be all padding, whose masked attention is undefined
                throw new DataFormatException(file, i + 1, "text tokenizes to no tokens; expected at least 1");
            }
            sequences.add(ids.length > maxLength ? java.util.Arrays.copyOf(ids, maxLength) : ids);
        }
        return sequences;
    }

    private static void warnAboutSingleTokens(List<long[]> sequences, Path file) {
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 1) {
                lines.add(i + 1);
            }
        }
        if (!lines.isEmpty()) {
            System.err.printf("perplexity: warning: %d of %d texts in %s have a single token and count with 0 "
                    + "predicted tokens (line%s %s)%n", lines.size(), sequences.size(), file,
                    lines.size() == 1 ? "" : "s", shortList(lines));
        }
    }

    /** The first few line numbers, then how many more. */
    private static String shortList(List<Integer> lines) {
        int shown = Math.min(lines.size(), 10);
        String list = String.join(", ", lines.subList(0, shown).stream().map(String::valueOf).toList());
        return shown == lines.size() ? list : list + " and " + (lines.size() - shown) + " more";
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
