package org.gerenb.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Stage 0 measures the base model, which every method of an experiment shares: it is computed once per
 * (model, tasks, general measures, evaluation settings, seed) and kept beside the runs.
 */
final class BaseEvaluations {

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private BaseEvaluations() {
    }

    static StageScores obtain(RunSpec spec, Path directory, Supplier<StageScores> evaluate) {
        Path file = directory.resolve("base-" + key(spec) + ".json");
        if (Files.isRegularFile(file)) {
            try {
                System.out.println(spec.label() + ": base model scores reused from " + file);
                return GSON.fromJson(Files.readString(file), StageScores.class);
            } catch (IOException | RuntimeException e) {
                System.out.println(spec.label() + ": " + file + " unreadable (" + e.getMessage() + "), measuring again");
            }
        }
        StageScores scores = evaluate.get();
        try {
            Files.createDirectories(directory);
            Path partial = directory.resolve(file.getFileName() + ".partial");
            Files.writeString(partial, GSON.toJson(scores));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return scores;
    }

    private static String key(RunSpec spec) {
        JsonObject relevant = new JsonObject();
        for (String section : new String[] {"model", "tasks", "general", "evaluation"}) {
            if (spec.json().has(section)) {
                relevant.add(section, spec.json().get(section));
            }
        }
        relevant.addProperty("seed", spec.training().seed());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(relevant.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
