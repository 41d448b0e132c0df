package org.gerenb.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gerenb.data.MissingFilesException.Missing;

/**
 * Checks, before the first training step, that every file a continual run will read is there: each
 * task's directory, train/dev/test split and labels.json, the general benchmark's test folder and named
 * files such as the replay set. A run otherwise meets a missing file only when that task's turn comes,
 * hours in; here every missing path is named at once. {@link #verify} then loads the tasks, which checks
 * their contents and counts the items dropped for a label outside labels.json.
 *
 * <p>labels.json is required here although {@link TaskDirectory} can infer labels from train: without it
 * the benchmark's no-consensus labels would silently become label options.
 */
public final class SequenceCheck {
    private final Path tasksRoot;
    private final List<String> sequence;
    private Path benchmark;
    private final Map<String, Path> files = new LinkedHashMap<>();

    private SequenceCheck(Path tasksRoot, List<String> sequence) {
        this.tasksRoot = tasksRoot;
        this.sequence = List.copyOf(sequence);
    }

    /** The tasks of an experiment's "sequence" setting (see {@link TaskSequence#resolve}) under tasksRoot. */
    public static SequenceCheck of(Path tasksRoot, List<String> sequence) {
        return new SequenceCheck(tasksRoot, sequence);
    }

    /** Also an MMLU-layout benchmark folder (null: none is used). */
    public SequenceCheck benchmark(Path dir) {
        this.benchmark = dir;
        return this;
    }

    /** Also a plain file, described by {@code what} in the report (null: not needed). */
    public SequenceCheck file(String what, Path file) {
        if (file != null) {
            files.put(what, file);
        }
        return this;
    }

    /** The checks in one call: the tasks, the benchmark and the replay file (either may be null). */
    public static List<TaskData> verify(Path tasksRoot, List<String> sequence, Path benchmark, Path replayFile) {
        return of(tasksRoot, sequence).benchmark(benchmark).file("replay set", replayFile).verify();
    }

    /** Every missing path, in the order a run would need them. */
    public List<Missing> missing() {
        List<Missing> missing = new ArrayList<>();
        if (!Files.isDirectory(tasksRoot)) {
            missing.add(new Missing(tasksRoot, "task data root folder"));
        } else {
            for (String task : TaskSequence.resolve(tasksRoot, sequence).tasks()) {
                addMissingOfTask(missing, task);
            }
        }
        addMissingOfBenchmark(missing);
        files.forEach((what, file) -> {
            if (!Files.isRegularFile(file)) {
                missing.add(new Missing(file, what));
            }
        });
        return missing;
    }

    /**
     * Throws {@link MissingFilesException} naming every missing path; otherwise loads and returns the tasks
     * (unsampled), each with its {@link TaskData#droppedItems()}.
     */
    public List<TaskData> verify() {
        List<Missing> missing = missing();
        if (!missing.isEmpty()) {
            throw new MissingFilesException("task sequence " + sequence + " under " + tasksRoot, missing);
        }
        return TaskSequence.resolve(tasksRoot, sequence).load(tasksRoot);
    }

    private void addMissingOfTask(List<Missing> missing, String task) {
        List<Path> named = TaskLocator.namedDirectories(tasksRoot, task);
        List<Path> withTrain = named.stream().filter(TaskLocator::hasTrainSplit).toList();
        if (named.isEmpty()) {
            missing.add(new Missing(tasksRoot.resolve(task), "task directory, here or one level down (any case)"));
            return;
        }
        Path dir = withTrain.size() == 1 ? withTrain.get(0) : named.size() == 1 ? named.get(0) : null;
        if (dir == null) {
            return; // several candidates: not a missing file; loading reports the ambiguity with its paths
        }
        for (Split split : Split.values()) {
            if (!ExampleFormat.anyPresent(dir, split.fileStem())) {
                missing.add(new Missing(dir.resolve(split.fileStem() + ".json"), "the " + split.fileStem()
                        + " split of " + task + ": " + split.fileStem() + ".json, .jsonl or .csv"));
            }
        }
        if (!Files.isRegularFile(dir.resolve(TaskDirectory.LABELS_FILE))) {
            missing.add(new Missing(dir.resolve(TaskDirectory.LABELS_FILE), "the label options of " + task
                    + ", a JSON list of strings"));
        }
    }

    private void addMissingOfBenchmark(List<Missing> missing) {
        if (benchmark == null) {
            return;
        }
        Path test = benchmark.resolve("test");
        if (!Files.isDirectory(benchmark)) {
            missing.add(new Missing(benchmark, "general benchmark folder in the MMLU layout (dev/, test/)"));
        } else if (!hasTestFiles(test)) {
            missing.add(new Missing(test, "the benchmark's SUBJECT_test.csv files"));
        }
    }

    private static boolean hasTestFiles(Path test) {
        if (!Files.isDirectory(test)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(test)) {
            return entries.anyMatch(file -> file.getFileName().toString().endsWith("_test.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + test, e);
        }
    }
}
