package org.gerenb.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.gerenb.runtime.Home;

/**
 * Typed reads of an experiment file's sections with defaults; a wrong type or a value out of range names
 * the key. Every read also records its key, present or not, so the reads themselves are the list of valid
 * keys: {@link #rejectUnknownKeys} then refuses any other key of the file (a typo that would otherwise run
 * with the default), suggesting the closest valid one. A key must therefore be read through this class.
 */
final class SpecJson {

    private final JsonObject root;
    private final String source;
    /** Key paths asked for, in reading order: "model", "training", "training.lr". */
    private final Set<String> known = new LinkedHashSet<>();
    /** Top-level keys read as sections, whose own keys are checked too. */
    private final Set<String> sections = new LinkedHashSet<>();

    SpecJson(JsonObject root, String source) {
        this.root = root;
        this.source = source;
    }

    JsonObject section(String name) {
        known.add(name);
        sections.add(name);
        JsonElement e = root.get(name);
        if (e == null || e.isJsonNull()) {
            return new JsonObject();
        }
        if (!e.isJsonObject()) {
            throw error(name, "an object");
        }
        return e.getAsJsonObject();
    }

    /** A key the file may carry for its readers (a description) but no run uses. */
    void allow(String key) {
        known.add(key);
    }

    String string(JsonObject section, String sectionName, String key, String fallback) {
        JsonPrimitive p = primitive(section, sectionName, key, any -> true, "a string");
        return p == null ? fallback : p.getAsString();
    }

    /** The value of a key when it is a primitive of the kind {@code expected} describes; null when absent. */
    private JsonPrimitive primitive(JsonObject section, String sectionName, String key, Predicate<JsonPrimitive> kind,
            String expected) {
        JsonElement e = value(section, sectionName, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !kind.test(e.getAsJsonPrimitive())) {
            throw error(qualified(sectionName, key), expected);
        }
        return e.getAsJsonPrimitive();
    }

    /** An enum constant named in any case, e.g. "cosine" for Shape.COSINE. */
    <E extends Enum<E>> E choice(JsonObject section, String sectionName, String key, E fallback, Class<E> type) {
        String value = string(section, sectionName, key, fallback.name());
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw error(qualified(sectionName, key), "one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
    }

    boolean bool(JsonObject section, String sectionName, String key, boolean fallback) {
        JsonPrimitive p = primitive(section, sectionName, key, JsonPrimitive::isBoolean, "true or false");
        return p == null ? fallback : p.getAsBoolean();
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

    /** An integer that must lie in {@code range}, e.g. epochs at least 1. */
    int integer(JsonObject section, String sectionName, String key, int fallback, Range range) {
        return (int) checked(integer(section, sectionName, key, fallback), sectionName, key, range);
    }

    double number(JsonObject section, String sectionName, String key, double fallback) {
        JsonPrimitive p = primitive(section, sectionName, key, JsonPrimitive::isNumber, "a number");
        return p == null ? fallback : p.getAsDouble();
    }

    /** A number that must lie in {@code range}, e.g. a learning rate above 0. */
    double number(JsonObject section, String sectionName, String key, double fallback, Range range) {
        return checked(number(section, sectionName, key, fallback), sectionName, key, range);
    }

    List<String> strings(JsonObject section, String sectionName, String key, List<String> fallback) {
        JsonElement e = value(section, sectionName, key);
        if (e == null) {
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

    /** A list of strings that must name at least one, e.g. the task sequence. */
    List<String> nonEmptyStrings(JsonObject section, String sectionName, String key, List<String> fallback) {
        List<String> values = strings(section, sectionName, key, fallback);
        if (values.isEmpty()) {
            throw error(qualified(sectionName, key), "a non-empty list of strings");
        }
        return values;
    }

    JsonArray array(String name) {
        known.add(name);
        JsonElement e = root.get(name);
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            throw error(name, "a non-empty list");
        }
        return e.getAsJsonArray();
    }

    /**
     * Refuses every key of the file that no read asked for, at the top level and inside the sections read:
     * call it after the last read.
     */
    void rejectUnknownKeys() {
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                throw unknownKey("", key);
            }
            if (entry.getValue().isJsonObject() && sections.contains(key)) {
                for (String inner : entry.getValue().getAsJsonObject().keySet()) {
                    if (!known.contains(qualified(key, inner))) {
                        throw unknownKey(key, inner);
                    }
                }
            }
        }
    }

    /** Two specs compute the same runs: equal but for the prose description, which no run reads. */
    static boolean sameComputation(JsonObject a, JsonObject b) {
        return a != null && b != null && withoutDescription(a).equals(withoutDescription(b));
    }

    private static JsonObject withoutDescription(JsonObject json) {
        JsonObject copy = json.deepCopy();
        copy.remove("description");
        return copy;
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

    IllegalArgumentException error(String key, String expected) {
        return new IllegalArgumentException(source + ": '" + key + "' must be " + expected);
    }

    /** The value of a key, null when absent or null; records the key as valid either way. */
    private JsonElement value(JsonObject section, String sectionName, String key) {
        known.add(qualified(sectionName, key));
        JsonElement e = section.get(key);
        return e == null || e.isJsonNull() ? null : e;
    }

    private double checked(double value, String sectionName, String key, Range range) {
        if (!range.contains(value)) {
            throw new IllegalArgumentException(source + ": " + qualified(sectionName, key) + " = "
                    + Range.format(value) + ": must be " + range);
        }
        return value;
    }

    private IllegalArgumentException unknownKey(String sectionName, String key) {
        String path = qualified(sectionName, key);
        String suggestion = KeySuggestion.closest(path, known)
                .map(valid -> ", did you mean '" + valid + "'?")
                .orElseGet(() -> "; valid keys" + (sectionName.isEmpty() ? "" : " of " + sectionName) + ": "
                        + String.join(", ", KeySuggestion.keysOf(sectionName, known)));
        return new IllegalArgumentException(source + ": unknown key '" + path + "'" + suggestion);
    }

    /** "training.lr" for a key of a section, "model" for a top-level key. */
    private static String qualified(String sectionName, String key) {
        return sectionName.isEmpty() ? key : sectionName + "." + key;
    }

    /** An interval of allowed values with its bounds written as a user reads them: ">= 1", "> 0", "in [0, 1)". */
    record Range(double low, boolean lowIncluded, double high, boolean highIncluded) {

        static Range atLeast(double low) {
            return new Range(low, true, Double.POSITIVE_INFINITY, false);
        }

        static Range above(double low) {
            return new Range(low, false, Double.POSITIVE_INFINITY, false);
        }

        /** low <= value < high. */
        static Range from(double low, double highExcluded) {
            return new Range(low, true, highExcluded, false);
        }

        boolean contains(double value) {
            boolean aboveLow = lowIncluded ? value >= low : value > low;
            boolean belowHigh = highIncluded ? value <= high : value < high;
            return aboveLow && belowHigh;
        }

        @Override
        public String toString() {
            if (high == Double.POSITIVE_INFINITY) {
                return (lowIncluded ? ">= " : "> ") + format(low);
            }
            return "in " + (lowIncluded ? "[" : "(") + format(low) + ", " + format(high) + (highIncluded ? "]" : ")");
        }

        /** 1 rather than 1.0 for whole numbers, so an integer key reads as written. */
        static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
        }
    }
}
