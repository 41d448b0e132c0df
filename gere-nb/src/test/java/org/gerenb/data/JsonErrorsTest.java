package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A malformed JSON line is reported by file, line, column and what was expected, not by the parser's advice. */
class JsonErrorsTest {

    @TempDir
    Path dir;

    private String replayError(String line) {
        Path file = dir.resolve("replay.jsonl");
        TinySetup.write(file, "{\"text\": \"fine\"}\n" + line + "\n");
        return assertThrows(DataFormatException.class, () -> TextCorpus.readJsonl(file)).getMessage()
                .substring(file.toString().length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'{\"text\": unquoted}'        | :2: malformed JSON: not JSON: strings and keys need double quotes; comments, "
                + "single quotes, NaN and text after the value are not allowed at column 10",
        "'{\"text\": \"x\"'            | :2: malformed JSON: the text ends early: a closing quote, '}' or ']' is missing "
                + "at column 13",
        "'{\"text\": \"x\",}'          | :2: malformed JSON: expected a key in double quotes (a comma too many before it?) "
                + "at column 15",
        "'{\"text\" \"x\"}'            | :2: malformed JSON: expected ':' after the key at column 10",
        "'{\"text\": \"x\" \"more\": 1}' | :2: malformed JSON: expected ',' or '}' after the value at column 15"})
    void aMalformedReplayLineSaysWhatWasExpected(String line, String message) {
        assertEquals(message, replayError(line));
    }

    @Test
    void aMalformedTaskLineSaysWhatWasExpected() {
        TinySetup.write(dir.resolve("train.jsonl"), "{\"sentence\": \"s1\", \"label\": \"ham\"}\n[\"s2\", \"ham\"]\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> JsonLinesFile.readExamples(dir.resolve("train.jsonl"), (label, file, line, item) -> true));
        assertEquals(dir.resolve("train.jsonl") + ":2: invalid JSON: expected an object {...} but found a list [...] "
                + "at column 2", e.getMessage());
        TinySetup.write(dir.resolve("dev.jsonl"), "{\"sentence\": [\"s\"], \"label\": \"ham\"}\n");
        DataFormatException type = assertThrows(DataFormatException.class,
                () -> JsonLinesFile.readExamples(dir.resolve("dev.jsonl"), (label, file, line, item) -> true));
        assertTrue(type.getMessage().endsWith(":1: invalid JSON: expected a string but found a list [...] at column 15"),
                type.getMessage());
    }
}
