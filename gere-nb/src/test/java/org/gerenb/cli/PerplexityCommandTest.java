package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gerenb.data.DataFormatException;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.WeightPrecision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./gere perplexity on texts of which some have a single token (0 predicted tokens each). */
class PerplexityCommandTest {

    private static final Path TOKENIZER = Path.of("../datasets/tokenizer");

    @TempDir
    static Path dir;
    private static Path modelDir;

    /**
     * A tiny model whose tokenizer adds no BOS, as many Hugging Face tokenizers do: there a one-word text
     * is one token (the project's tokenizer would prepend BOS and make it two).
     */
    @BeforeAll
    static void saveModelWithoutBos() throws Exception {
        modelDir = dir.resolve("model");
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER);
             LlamaModel model = LlamaModel.initialize(LlamaConfig.llama(4096, 16, 32, 2, 4, 2, 64, false),
                     Device.cpu(), 5)) {
            Checkpoint.save(model, tokenizer, modelDir, WeightPrecision.F32);
        }
        Path tokenizerJson = modelDir.resolve("tokenizer.json");
        JsonObject json = JsonParser.parseString(Files.readString(tokenizerJson)).getAsJsonObject();
        json.add("post_processor", JsonNull.INSTANCE);
        Files.writeString(tokenizerJson, json.toString());
        try (TextTokenizer tokenizer = TextTokenizer.load(modelDir)) {
            assertEquals(1, tokenizer.encode("a").length, "the saved tokenizer adds no BOS");
        }
    }

    private record Output(String out, String err) {
    }

    private static Output perplexity(List<String> lines) throws Exception {
        Path data = dir.resolve("texts.jsonl");
        Files.write(data, lines);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true));
        System.setErr(new PrintStream(errBytes, true));
        try {
            String[] argv = {"perplexity", "--model=" + modelDir, "--data", data.toString(), "--out",
                    dir.resolve("per-text.csv").toString()};
            PerplexityCommand.run(new Args("perplexity", argv, 1));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Output(outBytes.toString(), errBytes.toString());
    }

    @Test
    void aOneTokenTextCountsWithZeroPredictedTokensAndAWarning() throws Exception {
        String longer = "{\"text\": \"The committee met on Tuesday to discuss the budget.\"}";
        Output withShort = perplexity(List.of(longer, "{\"text\": \"a\"}"));
        Output alone = perplexity(List.of(longer));
        assertTrue(withShort.err().contains("warning: 1 of 2 texts in ") && withShort.err().contains("(line 2)"),
                withShort.err());
        assertTrue(alone.err().isEmpty(), alone.err());
        // the short text adds no predicted token, so the perplexity is the longer text's alone
        assertEquals(alone.out().replace("in 1 texts", "in 2 texts"), withShort.out());
        List<String> csv = Files.readAllLines(dir.resolve("per-text.csv"));
        assertEquals(List.of("index", "tokens", "nll"), List.of(csv.get(0).split(",")));
    }

    @Test
    void onlyOneTokenTextsHaveNoPerplexity() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> perplexity(List.of("{\"text\": \"a\"}", "{\"text\": \"b\"}")));
        assertTrue(e.getMessage().contains("every text has a single token"), e.getMessage());
    }

    @Test
    void aMaxLengthBelowTwoIsAUsageError() {
        Args args = new Args("perplexity", new String[] {"perplexity", "--model", "m", "--data", "d",
                "--max-length=1"}, 1);
        Args.UsageException e = assertThrows(Args.UsageException.class, () -> PerplexityCommand.run(args));
        assertTrue(e.getMessage().contains("--max-length 1: must be >= 2"), e.getMessage());
    }
}
