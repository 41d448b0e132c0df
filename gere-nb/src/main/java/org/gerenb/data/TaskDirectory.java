package org.gerenb.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a task stored in the O-LoRA / Progressive Prompts layout: a directory holding train, dev and
 * test splits (each as .json, .jsonl or .csv) and, optionally, labels.json.
 *
 * <p>labels.json fixes the label options and their order in the prompt; items with another label are
 * dropped, counted in {@link TaskData#droppedItems()} and logged (the O-LoRA data holds no-consensus
 * items). Without labels.json the options are the train labels in order of first appearance, and dev
 * and test labels must be among them.
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

    /** Items whose label is not in labels.json are dropped (no-consensus items), counted and logged. */
    private static TaskData loadWithLabels(Path dir, String name, List<String> labels) {
        Map<Split, LabelFilter> filters = new EnumMap<>(Split.class);
        Map<Split, List<Example>> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            filters.put(split, new LabelFilter(labels));
            splits.put(split, readSplit(dir, split, filters.get(split)));
        }
        DroppedItems dropped = new DroppedItems(filters.get(Split.TRAIN).dropped(), filters.get(Split.DEV).dropped(),
                filters.get(Split.TEST).dropped());
        logDropped(name, dir, dropped, filters);
        return new TaskData(name, labels, splits.get(Split.TRAIN), splits.get(Split.DEV), splits.get(Split.TEST),
                dropped);
    }

    private static void logDropped(String name, Path dir, DroppedItems dropped, Map<Split, LabelFilter> filters) {
        if (dropped.total() == 0) {
            return;
        }
        Map<String, Integer> byLabel = new TreeMap<>();
        filters.values().forEach(f -> f.droppedByLabel().forEach((label, n) -> byLabel.merge(label, n, Integer::sum)));
        System.out.println("task " + name + ": dropped " + dropped.total() + " items whose label is not in "
                + dir.resolve(LABELS_FILE) + " (train " + dropped.train() + ", dev " + dropped.dev() + ", test "
                + dropped.test() + "; labels " + byLabel + ")");
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
                    + " split is empty (after dropping items whose label is not an option); expected at least one example");
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
