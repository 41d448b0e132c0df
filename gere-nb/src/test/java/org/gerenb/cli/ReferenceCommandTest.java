package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.WeightPrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceCommandTest {

    /** The project's own tokenizer (datasets/tokenizer, vocabulary 4096). */
    private static final Path TOKENIZER = Path.of("../datasets/tokenizer");

    @Test
    void buildsThenReusesAnEntryAndWritesStats(@TempDir Path dir) throws Exception {
        Path modelDir = dir.resolve("model");
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER);
             LlamaModel model = LlamaModel.initialize(LlamaConfig.llama(4096, 16, 32, 2, 4, 2, 64, false),
                     Device.cpu(), 5)) {
            Checkpoint.save(model, tokenizer, modelDir, WeightPrecision.F32);
        }
        Path replay = dir.resolve("replay.jsonl");
        Files.write(replay, List.of("{\"text\": \"The committee met on Tuesday to discuss the budget.\"}",
                "{\"text\": \"Rain fell over the hills all night, and the rivers rose.\"}",
                "{\"text\": \"She read the letter twice before she answered it.\"}"));
        Path out = dir.resolve("reference");
        String[] argv = {"reference", "--model", modelDir.toString(), "--replay", replay.toString(), "--out",
                out.toString(), "--max-length", "8", "--batch-size", "2"};

        String first = run(argv);
        assertTrue(first.contains("replay: 3 samples") && first.contains("hidden size D = 16"), first);
        assertTrue(first.contains("(16.0x smaller)") && first.contains("tokens/s"), first);
        assertEquals(17, Files.readAllLines(out.resolve("stats.csv")).size());
        try (Stream<Path> entries = Files.list(out)) {
            assertEquals(1, entries.filter(Files::isDirectory).count());
        }
        String second = run(argv);
        assertTrue(second.contains("reference: reusing cache") && second.contains("reused the cached entry"), second);
    }

    @Test
    void keepsAOneTokenReplaySampleInTheStatistics(@TempDir Path dir) throws Exception {
        Path modelDir = dir.resolve("model");
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER);
             LlamaModel model = LlamaModel.initialize(LlamaConfig.llama(4096, 16, 32, 2, 4, 2, 64, false),
                     Device.cpu(), 5)) {
            Checkpoint.save(model, tokenizer, modelDir, WeightPrecision.F32);
            assertEquals(1, tokenizer.encodePlain("a").length);
        }
        Path replay = dir.resolve("replay.jsonl");
        Files.write(replay, List.of("{\"text\": \"She read the letter twice before she answered it.\"}",
                "{\"text\": \"a\"}"));
        for (String kind : List.of("regions", "features")) {
            String output = run(new String[] {"reference", "--model", modelDir.toString(), "--replay",
                    replay.toString(), "--out", dir.resolve(kind).toString(), "--kind=" + kind});
            assertTrue(output.contains("replay: 2 samples"), output);
        }
    }

    @Test
    void unknownKindIsAUsageError() {
        Args args = new Args("reference", new String[] {"reference", "--model", "m", "--replay", "r.jsonl", "--out",
                "o", "--kind", "logits"}, 1);
        Args.UsageException e = assertThrows(Args.UsageException.class, () -> ReferenceCommand.run(args));
        assertTrue(e.getMessage().contains("expected one of [regions, features, none]"), e.getMessage());
    }

    private static String run(String[] argv) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true));
        try {
            ReferenceCommand.run(new Args(argv[0], argv, 1));
        } finally {
            System.setOut(original);
        }
        String output = bytes.toString();
        original.print(output);
        return output;
    }
}
