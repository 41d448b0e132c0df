package org.gerenb.data;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.nio.file.Path;

/** Reads one {"sentence": ..., "label": ...} object; other fields are skipped. */
final class ExampleJson {
    private ExampleJson() {
    }

    static Example read(JsonReader json, Path file, int line, String item) throws IOException {
        String sentence = null;
        String label = null;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "sentence" -> sentence = json.nextString();
                case "label" -> label = json.nextString();
                default -> json.skipValue();
            }
        }
        json.endObject();
        requirePresent(sentence, "sentence", file, line, item);
        requirePresent(label, "label", file, line, item);
        return new Example(sentence, label);
    }

    private static void requirePresent(String value, String field, Path file, int line, String item) {
        if (value == null) {
            throw new DataFormatException(file, line, item + ": missing \"" + field
                    + "\"; expected an object with string fields \"sentence\" and \"label\"");
        }
    }
}
