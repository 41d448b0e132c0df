package org.gerenb.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gerenb.Home;

/** Typed reads of an experiment file's sections with defaults; a wrong type names the section and key. */
final class SpecJson {

    private final JsonObject root;
    private final String source;

    SpecJson(JsonObject root, String source) {
        this.root = root;
        this.source = source;
    }

    JsonObject section(String name) {
        JsonElement e = root.get(name);
        if (e == null || e.isJsonNull()) {
            return new JsonObject();
        }
        if (!e.isJsonObject()) {
            throw error(name, "an object");
        }
        return e.getAsJsonObject();
    }

    String string(JsonObject section, String sectionName, String key, String fallback) {
        JsonElement e = section.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive()) {
            throw error(qualified(sectionName, key), "a string");
        }
        return e.getAsString();
    }

    /** An enum constant named in any case, e.g. "cosine" for Shape.COSINE. */
    <E extends Enum<E>> E choice(JsonObject section, String sectionName, String key, E fallback, Class<E> type) {
        String value = string(section, sectionName, key, fallback.name());
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw error(qualified(sectionName, key), "one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList() + ", got '" + value + "'");
    }

    Path path(JsonObject section, String sectionName, String key, String fallback) {
        String value = string(section, sectionName, key, fallback);
        return value == null ? null : Home.resolve(value);
    }

    int integer(JsonObject section, String sectionName, String key, int fallback) {
        double value = number(section, sectionName, key, fallback);
        if (value != Math.rint(value)) {
            throw error(qualified(sectionName, key), "an integer");
        }
        return (int) value;
    }

    double number(JsonObject section, String sectionName, String key, double fallback) {
        JsonElement e = section.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(qualified(sectionName, key), "a number");
        }
        return e.getAsDouble();
    }

    List<String> strings(JsonObject section, String sectionName, String key, List<String> fallback) {
        JsonElement e = section.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonArray()) {
            throw error(qualified(sectionName, key), "a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonElement item : e.getAsJsonArray()) {
            if (!item.isJsonPrimitive()) {
                throw error(qualified(sectionName, key), "a list of strings");
            }
            values.add(item.getAsString());
        }
        return values;
    }

    JsonArray array(String name) {
        JsonElement e = root.get(name);
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            throw error(name, "a non-empty list");
        }
        return e.getAsJsonArray();
    }

    /** A copy of the root with an override's sections merged in key by key (used per method). */
    static JsonObject merged(JsonObject base, JsonObject override) {
        JsonObject copy = base.deepCopy();
        for (Map.Entry<String, JsonElement> entry : override.entrySet()) {
            JsonElement existing = copy.get(entry.getKey());
            if (existing != null && existing.isJsonObject() && entry.getValue().isJsonObject()) {
                copy.add(entry.getKey(), merged(existing.getAsJsonObject(), entry.getValue().getAsJsonObject()));
            } else {
                copy.add(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return copy;
    }

    /** "training.lr" for a key of a section, "model" for a top-level key. */
    private static String qualified(String sectionName, String key) {
        return sectionName.isEmpty() ? key : sectionName + "." + key;
    }

    IllegalArgumentException error(String key, String expected) {
        return new IllegalArgumentException(source + ": '" + key + "' must be " + expected);
    }
}
