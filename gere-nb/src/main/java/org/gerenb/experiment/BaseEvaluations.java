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
 * (model, tasks, general measures, evaluation settings, test items) and kept beside the runs. The test
 * items stand in for the seed: a seed that samples the same test items (whole splits) reuses the scores.
 */
final class BaseEvaluations {

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private BaseEvaluations() {
    }

    static StageScores obtain(RunSpec spec, java.util.List<org.gerenb.data.TaskData> tasks, Path directory,
            Supplier<StageScores> evaluate) {
        Path file = directory.resolve("base-" + key(spec, tasks) + ".json");
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

    private static String key(RunSpec spec, java.util.List<org.gerenb.data.TaskData> tasks) {
        JsonObject relevant = new JsonObject();
        for (String section : new String[] {"model", "tasks", "general", "evaluation"}) {
            if (spec.json().has(section)) {
                relevant.add(section, spec.json().get(section));
            }
        }
        com.google.gson.JsonArray tests = new com.google.gson.JsonArray();
        for (org.gerenb.data.TaskData task : tasks) {
            for (org.gerenb.data.Example example : task.test()) {
                tests.add(task.name() + "\t" + example.label() + "\t" + example.sentence());
            }
        }
        relevant.add("test_items", tests);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(relevant.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
