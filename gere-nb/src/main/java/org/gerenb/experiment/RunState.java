package org.gerenb.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent progress of a continual run: the spec it belongs to, the scores of every finished
 * stage and the checkpoint that follows the last one. Written atomically after each task.
 */
final class RunState {

    static final String FILE = "state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    JsonObject spec;
    List<StageScores> stages = new ArrayList<>();
    String checkpoint;

    static RunState readOrNull(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(file), RunState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage()
                    + "); delete the run directory to start it again", e);
        }
    }

    void write(Path runDir) {
        Path file = runDir.resolve(FILE);
        Path partial = runDir.resolve(FILE + ".partial");
        try {
            Files.writeString(partial, GSON.toJson(this));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
