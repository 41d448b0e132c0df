package org.gerenb.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face tokenizer.json with the special tokens its tokenizer_config.json or
 * special_tokens_map.json names. Never truncates and never pads: callers build batches and -100 labels.
 */
public final class TextTokenizer implements AutoCloseable {

    static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json");

    private final Path directory;
    private final HuggingFaceTokenizer tokenizer;
    private final Integer bosId;
    private final Integer eosId;
    private final Integer padId;

    private TextTokenizer(Path directory, HuggingFaceTokenizer tokenizer, Map<String, Integer> specialIds) {
        this.directory = directory;
        this.tokenizer = tokenizer;
        Map<String, String> names = specialTokenNames(directory);
        this.bosId = specialIds.get(names.get("bos_token"));
        this.eosId = specialIds.get(names.get("eos_token"));
        this.padId = specialIds.get(names.get("pad_token"));
    }

    public static TextTokenizer load(Path directory) {
        Path file = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(directory, "missing tokenizer.json (a Hugging Face fast tokenizer)");
        }
        Map<String, String> options = Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true");
        try {
            return new TextTokenizer(directory, HuggingFaceTokenizer.newInstance(file, options), specialIds(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new CheckpointFormatException(file, "not a loadable tokenizer: " + e.getMessage(), e);
        }
    }

    /** Token ids as Hugging Face's tokenizer(text) gives them (with the tokenizer's own special tokens). */
    public long[] encode(String text) {
        return tokenizer.encode(text, true, false).getIds();
    }

    /** Token ids of the text alone, as for replay samples and answer spans. */
    public long[] encodePlain(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    public int bosId() {
        return require(bosId, "bos_token");
    }

    public int eosId() {
        return require(eosId, "eos_token");
    }

    /** The id written into padded positions; they are masked, so any valid id does. */
    public int padId() {
        return padId != null ? padId : eosId != null ? eosId : 0;
    }

    void copyFilesTo(Path target) throws IOException {
        if (target.toAbsolutePath().normalize().equals(directory.toAbsolutePath().normalize())) {
            return;
        }
        for (String name : FILES) {
            Path source = directory.resolve(name);
            if (Files.isRegularFile(source)) {
                Files.copy(source, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private int require(Integer id, String name) {
        if (id == null) {
            throw new CheckpointFormatException(directory, "no " + name
                    + " found in tokenizer_config.json or special_tokens_map.json");
        }
        return id;
    }

    private static Map<String, Integer> specialIds(Path tokenizerJson) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(tokenizerJson)).getAsJsonObject();
        Map<String, Integer> ids = new HashMap<>();
        if (root.has("added_tokens")) {
            for (JsonElement token : root.getAsJsonArray("added_tokens")) {
                JsonObject t = token.getAsJsonObject();
                ids.put(t.get("content").getAsString(), t.get("id").getAsInt());
            }
        }
        return ids;
    }

    /** bos/eos/pad token strings; tokenizer_config.json wins over special_tokens_map.json. */
    private static Map<String, String> specialTokenNames(Path directory) {
        Map<String, String> names = new HashMap<>();
        for (String file : List.of("special_tokens_map.json", "tokenizer_config.json")) {
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                JsonObject json = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
                for (String key : List.of("bos_token", "eos_token", "pad_token")) {
                    String token = tokenString(json.get(key));
                    if (token != null) {
                        names.put(key, token);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            } catch (RuntimeException e) {
                throw new CheckpointFormatException(path, "invalid JSON: " + e.getMessage());
            }
        }
        return names;
    }

    private static String tokenString(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonPrimitive()) {
            return element.getAsString();
        }
        JsonObject object = element.getAsJsonObject();
        return object.has("content") ? object.get("content").getAsString() : null;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
