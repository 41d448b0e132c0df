package org.gerenb.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ordered list of task names to learn one after another. The named orders are those of the
 * O-LoRA benchmark: order1..order3 are its 15-task long sequences, orderA..orderC its three 4-task
 * permutations of dbpedia, amazon, yahoo and agnews.
 */
public record TaskSequence(String name, List<String> tasks) {
    /** The file in an embedded-data root that fixes which task directories form the sequence, in order. */
    public static final String SEQUENCE_FILE = "sequence.txt";
    /** The order of the embedded tasks when the root has no sequence.txt; absent ones are skipped. */
    public static final List<String> EMBEDDED_ORDER = List.of("amazon", "imdb", "yelp", "spam", "source", "era");

    private static final Map<String, List<String>> NAMED = Map.of(
            "order1", List.of("MNLI", "CB", "WiC", "COPA", "QQP", "BoolQA", "RTE", "IMDB", "yelp", "amazon",
                    "SST-2", "dbpedia", "agnews", "MultiRC", "yahoo"),
            "order2", List.of("MultiRC", "BoolQA", "WiC", "MNLI", "CB", "COPA", "QQP", "RTE", "IMDB", "SST-2",
                    "dbpedia", "agnews", "yelp", "amazon", "yahoo"),
            "order3", List.of("yelp", "amazon", "MNLI", "CB", "COPA", "QQP", "RTE", "IMDB", "SST-2", "dbpedia",
                    "agnews", "yahoo", "MultiRC", "BoolQA", "WiC"),
            "ordera", List.of("dbpedia", "amazon", "yahoo", "agnews"),
            "orderb", List.of("dbpedia", "amazon", "agnews", "yahoo"),
            "orderc", List.of("yahoo", "amazon", "agnews", "dbpedia"));

    public TaskSequence {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("sequence \"" + name + "\" has no tasks");
        }
    }

    /** order1, order2, order3, orderA, orderB or orderC (any case). */
    public static TaskSequence named(String name) {
        List<String> tasks = NAMED.get(name.toLowerCase(Locale.ROOT));
        if (tasks == null) {
            throw new IllegalArgumentException("unknown sequence \"" + name
                    + "\"; expected order1, order2, order3, orderA, orderB or orderC");
        }
        return new TaskSequence(name, tasks);
    }

    /**
     * The embedded tasks under {@code root}: the names listed in root/sequence.txt (one per line,
     * blank lines and lines starting with '#' ignored), or else those of {@link #EMBEDDED_ORDER}
     * whose directory exists.
     */
    public static TaskSequence embedded(Path root) {
        Path listFile = root.resolve(SEQUENCE_FILE);
        return new TaskSequence("embedded", Files.isRegularFile(listFile)
                ? listedTasks(root, listFile)
                : presentTasks(root));
    }

    /**
     * The sequence an experiment's "sequence" setting names under {@code root}: ["embedded"] for
     * {@link #embedded}, a single name with no directory of that name for a {@link #named} order, otherwise
     * the listed task names.
     */
    public static TaskSequence resolve(Path root, List<String> names) {
        if (names.size() == 1 && names.get(0).equalsIgnoreCase("embedded")) {
            return embedded(root);
        }
        if (names.size() == 1 && !Files.isDirectory(root.resolve(names.get(0)))) {
            return named(names.get(0));
        }
        return new TaskSequence("custom", names);
    }

    /** Loads every task of this sequence from {@code dataRoot}, in order. */
    public List<TaskData> load(Path dataRoot) {
        return tasks.stream().map(task -> TaskDirectory.load(TaskLocator.locate(dataRoot, task), task)).toList();
    }

    private static List<String> listedTasks(Path root, Path listFile) {
        List<String> lines = TextFiles.read(listFile).lines().toList();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String task = lines.get(i).strip();
            if (task.isEmpty() || task.startsWith("#")) {
                continue;
            }
            if (!Files.isDirectory(root.resolve(task))) {
                throw new DataFormatException(listFile, i + 1, "task \"" + task
                        + "\" has no directory " + root.resolve(task));
            }
            tasks.add(task);
        }
        if (tasks.isEmpty()) {
            throw new DataFormatException(listFile, "expected at least one task name");
        }
        return tasks;
    }

    private static List<String> presentTasks(Path root) {
        List<String> tasks = EMBEDDED_ORDER.stream().filter(task -> Files.isDirectory(root.resolve(task))).toList();
        if (tasks.isEmpty()) {
            throw new DataFormatException(root, "no " + SEQUENCE_FILE + " and none of the task directories "
                    + EMBEDDED_ORDER);
        }
        return tasks;
    }
}
