package org.gerenb.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads a task stored in the O-LoRA / Progressive Prompts layout: a directory holding train, dev and
 * test splits (each as .json, .jsonl or .csv) and, optionally, labels.json.
 *
 * <p>labels.json fixes the label options and their order in the prompt, and every example's label
 * must be one of them. Without labels.json the options are the train labels in order of first
 * appearance, and dev and test labels must be among them.
 */
public final class TaskDirectory {
    public static final String LABELS_FILE = "labels.json";

    private TaskDirectory() {
    }

    /** Loads the task in {@code dir}, named after the directory. */
    public static TaskData load(Path dir) {
        return load(dir, dir.getFileName().toString());
    }

    public static TaskData load(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, "task directory not found");
        }
        Path labelsFile = dir.resolve(LABELS_FILE);
        return Files.isRegularFile(labelsFile)
                ? loadWithLabels(dir, name, readLabels(labelsFile))
                : loadInferringLabels(dir, name);
    }

    private static TaskData loadWithLabels(Path dir, String name, List<String> labels) {
        LabelCheck check = LabelCheck.against(labels, LABELS_FILE);
        return new TaskData(name, labels,
                readSplit(dir, Split.TRAIN, check), readSplit(dir, Split.DEV, check),
                readSplit(dir, Split.TEST, check));
    }

    private static TaskData loadInferringLabels(Path dir, String name) {
        List<Example> train = readSplit(dir, Split.TRAIN, LabelCheck.ANY);
        List<String> labels = List.copyOf(new LinkedHashSet<>(train.stream().map(Example::label).toList()));
        LabelCheck check = LabelCheck.against(labels, "the train labels (no " + LABELS_FILE + ")");
        return new TaskData(name, labels, train,
                readSplit(dir, Split.DEV, check), readSplit(dir, Split.TEST, check));
    }

    private static List<Example> readSplit(Path dir, Split split, LabelCheck check) {
        ExampleFormat.FormattedFile source = ExampleFormat.locate(dir, split.fileStem());
        List<Example> examples = source.read(check);
        if (examples.isEmpty()) {
            throw new DataFormatException(source.file(), "the " + split.fileStem()
                    + " split is empty; expected at least one example");
        }
        return examples;
    }

    /** Reads labels.json: a non-empty JSON list of distinct strings. */
    public static List<String> readLabels(Path labelsFile) {
        List<String> labels = JsonListFile.readStrings(labelsFile);
        if (labels.isEmpty()) {
            throw new DataFormatException(labelsFile, "expected a non-empty JSON list of label strings");
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!seen.add(label)) {
                throw new DataFormatException(labelsFile, "label \"" + label + "\" is listed twice");
            }
        }
        return labels;
    }
}
