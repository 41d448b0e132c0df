package org.gerenb.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines: one example object per line; blank lines are allowed. */
final class JsonLinesFile {
    private JsonLinesFile() {
    }

    static List<Example> readExamples(Path file, LabelCheck labels) {
        List<String> lines = TextFiles.read(file).lines().toList();
        List<Example> examples = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                int line = i + 1;
                Example example = readLine(lines.get(i), file, line);
                if (labels.keep(example.label(), file, line, "item " + index++)) {
                    examples.add(example);
                }
            }
        }
        return examples;
    }

    private static Example readLine(String text, Path file, int line) {
        JsonReader json = new JsonReader(new StringReader(text));
        try {
            Example example = ExampleJson.read(json, file, line, "line " + line);
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new DataFormatException(file, line, "expected one JSON object per line, found more");
            }
            return example;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw JsonErrors.translate(e, file, json, line - 1);
        }
    }
}
