package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.gerenb.model.TextTokenizer;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSONL texts (replay, held-out) and the replay set built from them: bad lines are named by number. */
class TextCorpusTest {

    @TempDir
    Path dir;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void loadTokenizer() {
        tokenizer = TextTokenizer.load(TinySetup.TOKENIZER);
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    private Path jsonl(String content) {
        Path file = dir.resolve("texts.jsonl");
        TinySetup.write(file, content);
        return file;
    }

    @Test
    void readsTextsInOrderUpToTheLimit() {
        Path file = jsonl("{\"text\": \"one\"}\n{\"text\": \"two\", \"meta\": 3}\n{\"text\": \"three\"}\n");
        assertEquals(List.of("one", "two", "three"), TextCorpus.readJsonl(file));
        assertEquals(List.of("one", "two"), TextCorpus.readJsonl(file, 2));
    }

    @ParameterizedTest(name = "line 3: {0}")
    @CsvSource(delimiter = '|', value = {
        "''                      | empty line",
        "'   '                   | empty line",
        "'{\"text\": \"x\"'       | malformed JSON",
        "'{\"text\": unquoted}'  | malformed JSON",
        "'{\"text\": \"x\"} // note' | malformed JSON",
        "'{\"text\": \"x\"} {\"text\": \"y\"}' | malformed JSON",
        "'[\"x\"]'               | expected a JSON object",
        "'{\"title\": \"x\"}'     | missing string field \"text\"",
        "'{\"text\": {\"a\": 1}}' | missing string field \"text\"",
        "'{\"text\": \"\"}'       | \"text\" is empty"})
    void aBadLineIsNamedByItsNumber(String line, String problem) {
        Path file = jsonl("{\"text\": \"one\"}\n{\"text\": \"two\"}\n" + line + "\n{\"text\": \"four\"}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> TextCorpus.readJsonl(file));
        assertEquals(OptionalInt.of(3), e.line());
        assertTrue(e.getMessage().startsWith(file + ":3: ") && e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFileIsRefused() {
        DataFormatException empty = assertThrows(DataFormatException.class, () -> TextCorpus.readJsonl(jsonl("")));
        assertTrue(empty.getMessage().contains("no texts"), empty.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class,
                () -> TextCorpus.readJsonl(dir.resolve("absent.jsonl")));
        assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
    }

    @Test
    void replaySamplesAreTokenizedWithoutSpecialTokensAndCut() {
        Path file = jsonl("{\"text\": \"The river runs past the old mill and on to the sea.\"}\n"
                + "{\"text\": \"Short text.\"}\n{\"text\": \"Not read: beyond the count.\"}\n");
        ReplaySet replay = ReplaySet.load(file, tokenizer, 2, 5);
        assertEquals(2, replay.size());
        long[] full = tokenizer.encodePlain("The river runs past the old mill and on to the sea.");
        assertTrue(full.length > 5);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(full, 5)),
                java.util.Arrays.toString(replay.samples().get(0)));
        assertEquals(java.util.Arrays.toString(tokenizer.encodePlain("Short text.")),
                java.util.Arrays.toString(replay.samples().get(1)));
        assertTrue(replay.samples().get(0)[0] != tokenizer.bosId(), "no BOS in replay samples");
        // another cut gives other ids, so another fingerprint
        assertTrue(!replay.fingerprint().equals(ReplaySet.load(file, tokenizer, 2, 6).fingerprint()));
    }

    @Test
    void aReplayTextOfOneTokenIsKeptAsTheOfficialCodeKeepsIt() {
        Path file = jsonl("{\"text\": \"A sentence of several tokens.\"}\n{\"text\": \"a\"}\n");
        assertEquals(1, tokenizer.encodePlain("a").length);
        ReplaySet replay = ReplaySet.load(file, tokenizer, 10, 64);
        assertEquals(2, replay.size());
        assertEquals(java.util.Arrays.toString(tokenizer.encodePlain("a")),
                java.util.Arrays.toString(replay.samples().get(1)));
    }

    @Test
    void aMalformedReplayLineIsNamed() {
        Path file = jsonl("{\"text\": \"fine\"}\n{\"text\": fine}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> ReplaySet.load(file, tokenizer, 10, 64));
        assertEquals(OptionalInt.of(2), e.line());
    }

    @Test
    void replayCountAndLengthMustBeUsable() {
        Path file = jsonl("{\"text\": \"fine words here\"}\n");
        assertThrows(IllegalArgumentException.class, () -> ReplaySet.load(file, tokenizer, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> ReplaySet.load(file, tokenizer, 10, 1));
    }
}
