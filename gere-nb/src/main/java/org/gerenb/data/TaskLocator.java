package org.gerenb.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a task's directory under a data root, ignoring case. O-LoRA's CL_Benchmark nests tasks one
 * level down by family (TC/dbpedia, NLI/MNLI, BoolQA/BoolQA), so both root/task and root/any/task
 * are searched, and only directories holding a train split count as tasks.
 */
public final class TaskLocator {
    private TaskLocator() {
    }

    public static Path locate(Path root, String task) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, "data root directory not found");
        }
        List<Path> matches = namedDirectories(root, task).stream().filter(TaskLocator::hasTrainSplit).toList();
        if (matches.size() != 1) {
            throw new DataFormatException(root, (matches.isEmpty() ? "no" : "more than one")
                    + " task directory named \"" + task + "\" (any case, holding a train split) here or one level down"
                    + (matches.isEmpty() ? "" : ": " + matches));
        }
        return matches.get(0);
    }

    /** The directories named {@code task} (any case) in root or one level down, with or without a train split. */
    static List<Path> namedDirectories(Path root, String task) {
        List<Path> matches = new ArrayList<>();
        for (Path child : subdirectories(root)) {
            addIfNamed(matches, child, task);
            for (Path grandchild : subdirectories(child)) {
                addIfNamed(matches, grandchild, task);
            }
        }
        return matches;
    }

    private static void addIfNamed(List<Path> matches, Path dir, String task) {
        if (dir.getFileName().toString().equalsIgnoreCase(task)) {
            matches.add(dir);
        }
    }

    static boolean hasTrainSplit(Path dir) {
        return Stream.of(ExampleFormat.values())
                .anyMatch(format -> Files.isRegularFile(dir.resolve(Split.TRAIN.fileStem() + format.extension())));
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
