package org.gerenb.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The O-LoRA file layout: one JSON list of example objects (train.json, dev.json, test.json). */
final class JsonListFile {
    private JsonListFile() {
    }

    static List<Example> readExamples(Path file, LabelCheck labels) {
        JsonReader json = new JsonReader(new StringReader(TextFiles.read(file)));
        try {
            List<Example> examples = new ArrayList<>();
            json.beginArray();
            for (int index = 0; json.hasNext(); index++) {
                int line = JsonErrors.lineOf(json);
                String item = "item " + index;
                Example example = ExampleJson.read(json, file, line, item);
                if (labels.keep(example.label(), file, line, item)) {
                    examples.add(example);
                }
            }
            json.endArray();
            requireEnd(json, file);
            return examples;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw JsonErrors.translate(e, file, json, 0);
        }
    }

    /** Reads a JSON list of strings, such as labels.json. */
    static List<String> readStrings(Path file) {
        JsonReader json = new JsonReader(new StringReader(TextFiles.read(file)));
        try {
            List<String> strings = new ArrayList<>();
            json.beginArray();
            while (json.hasNext()) {
                strings.add(json.nextString());
            }
            json.endArray();
            requireEnd(json, file);
            return strings;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw JsonErrors.translate(e, file, json, 0);
        }
    }

    private static void requireEnd(JsonReader json, Path file) throws IOException {
        if (json.peek() != JsonToken.END_DOCUMENT) {
            throw new DataFormatException(file, JsonErrors.lineOf(json),
                    "unexpected content after the closing ']' of the list");
        }
    }
}
