package org.gerenb.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plain texts from JSONL lines {"text": ...}, e.g. the replay set or held-out text for perplexity. */
public final class TextCorpus {

    /** A text with the domain its line names ({"text": ..., "domain": ...}), null when the line names none. */
    public record Passage(String text, String domain) {
    }

    private TextCorpus() {
    }

    /** Every line as a passage with its domain. */
    public static List<Passage> readPassages(Path file, int limit) {
        return readLines(file, limit, (line, number) -> {
            JsonObject object = object(file, number, line);
            JsonElement domain = object.get("domain");
            return new Passage(object.get("text").getAsString(),
                    domain == null || !domain.isJsonPrimitive() ? null : domain.getAsString());
        });
    }

    /** Reads every line; an empty or malformed line is an error naming the file and line number. */
    public static List<String> readJsonl(Path file) {
        return readJsonl(file, Integer.MAX_VALUE);
    }

    public static List<String> readJsonl(Path file, int limit) {
        return readLines(file, limit, (line, number) -> object(file, number, line).get("text").getAsString());
    }

    private static <T> List<T> readLines(Path file, int limit, java.util.function.BiFunction<String, Integer, T> parse) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "file not found");
        }
        List<T> items = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null && items.size() < limit) {
                number++;
                items.add(parse.apply(line, number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (items.isEmpty()) {
            throw new DataFormatException(file, "no texts: expected JSONL lines {\"text\": ...}");
        }
        return items;
    }

    /** The line's object, checked to hold a non-empty string "text". */
    private static JsonObject object(Path file, int line, String json) {
        if (json.isBlank()) {
            throw new DataFormatException(file, line, "empty line, expected a JSON object {\"text\": ...}");
        }
        // strict: JsonParser.parseString would accept unquoted or single-quoted strings, comments and NaN
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        JsonElement element;
        boolean more;
        try {
            element = JsonParser.parseReader(reader);
            more = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file, line, "malformed JSON: " + JsonErrors.problemAtColumn(e));
        }
        if (more) {
            throw new DataFormatException(file, line, "expected one JSON object per line, found more");
        }
        if (!element.isJsonObject()) {
            throw new DataFormatException(file, line, "expected a JSON object {\"text\": ...}");
        }
        JsonObject object = element.getAsJsonObject();
        if (!object.has("text") || !object.get("text").isJsonPrimitive()) {
            throw new DataFormatException(file, line, "missing string field \"text\"");
        }
        if (object.get("text").getAsString().isEmpty()) {
            throw new DataFormatException(file, line, "\"text\" is empty");
        }
        return object;
    }
}
