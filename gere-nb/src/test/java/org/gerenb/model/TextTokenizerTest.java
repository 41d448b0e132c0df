package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's tokenizer through DJL against Hugging Face's ids (make_tokenizer_fixture.py). */
class TextTokenizerTest {

    private static final Path TOKENIZER = Path.of("../datasets/tokenizer");

    @Test
    void idsEqualHuggingFaceWithAndWithoutSpecialTokens() throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER)) {
            int checked = 0;
            for (JsonElement c : JsonParser.parseString(Files.readString(
                    Path.of("src/test/resources/fixtures/tokenizer/hf_ids.json"))).getAsJsonArray()) {
                JsonObject item = c.getAsJsonObject();
                String text = item.get("text").getAsString();
                assertArrayEquals(Fixtures.vector(item.getAsJsonArray("with_special")), tokenizer.encode(text), text);
                assertArrayEquals(Fixtures.vector(item.getAsJsonArray("plain")), tokenizer.encodePlain(text), text);
                checked++;
            }
            assertEquals(45, checked);
        }
    }

    @Test
    void longTextsAreNeverTruncated() {
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER)) {
            String longText = "the quick brown fox jumps over the lazy dog ".repeat(300);
            long[] ids = tokenizer.encodePlain(longText);
            assertTrue(ids.length > 2000, "got " + ids.length + " tokens");
            assertEquals(longText, tokenizer.decode(ids));
        }
    }

    @Test
    void specialTokensComeFromTheConfig() {
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER)) {
            assertEquals(1, tokenizer.bosId());
            assertEquals(2, tokenizer.eosId());
            assertEquals(0, tokenizer.padId());
            assertEquals(1, tokenizer.encode("x")[0]);
        }
    }

    @Test
    void missingTokenizerIsNamed(@TempDir Path dir) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TextTokenizer.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains(dir.toString()), e.getMessage());
    }
}
