package org.gerenb.experiment;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gerenb.data.SequenceCheck;
import org.gerenb.data.Split;
import org.gerenb.data.TaskData;

/**
 * Before an experiment's first training step: every file of every run checked at once (tasks, labels.json,
 * benchmark, replay set, held-out texts), so a missing one fails in the first seconds with every missing
 * path named. Returns what manifest.json records about the data: the items dropped per task and split.
 */
final class DataPreflight {

    private DataPreflight() {
    }

    static JsonObject check(ExperimentSpec spec) {
        Map<List<Object>, SequenceCheck> distinct = new LinkedHashMap<>();
        for (RunSpec run : spec.runs()) {
            distinct.computeIfAbsent(inputsOf(run), key -> checkOf(run));
        }
        JsonObject dropped = new JsonObject();
        for (SequenceCheck check : distinct.values()) {
            check.verify().forEach(task -> dropped.add(task.name(), droppedOf(task)));
        }
        JsonObject data = new JsonObject();
        data.add("dropped_items", dropped);
        return data;
    }

    private static List<Object> inputsOf(RunSpec run) {
        boolean replays = run.method().strategy().replay();
        return java.util.Arrays.asList(run.tasks().root(), run.tasks().sequence(), run.general().benchmark(),
                replays ? run.replay().file() : null, run.general().heldout());
    }

    private static SequenceCheck checkOf(RunSpec run) {
        return SequenceCheck.of(run.tasks().root(), run.tasks().sequence())
                .benchmark(run.general().benchmark())
                .file("replay set (replay.file)", run.method().strategy().replay() ? run.replay().file() : null)
                .file("held-out texts (general.heldout)", run.general().heldout());
    }

    private static JsonObject droppedOf(TaskData task) {
        JsonObject counts = new JsonObject();
        for (Split split : Split.values()) {
            counts.addProperty(split.fileStem(), task.droppedItems().of(split));
        }
        return counts;
    }
}
