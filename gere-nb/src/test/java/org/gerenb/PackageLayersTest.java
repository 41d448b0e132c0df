package org.gerenb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the pipeline, and a package imports only packages below it: runtime at the bottom,
 * then model -> data -> reference -> loss -> train -> eval -> report -> experiment, with the fluent facade
 * (org.gerenb) and the command line (cli) on top; the benchmarks are a module of their own (gere-bench).
 * environment/package-graph.sh prints the graph.
 */
class PackageLayersTest {

    private static final List<String> LAYERS = List.of("runtime", "model", "data", "reference", "loss", "train",
            "eval", "report", "experiment", "", "cli");
    private static final Path SOURCES = Path.of("src/main/java/org/gerenb");
    // an import, or a fully qualified name in code (the way ContinualRun once reached up to org.gerenb.GeRe)
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.gerenb\\.([a-z]+\\.)?[A-Z]");

    @Test
    void everyImportPointsDownTheLayers() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String layer = layerOf(file);
                String code = Files.readString(file).replaceFirst("(?m)^package .*$", "");
                Matcher imported = REFERENCE.matcher(code);
                while (imported.find()) {
                    String target = imported.group(1) == null ? "" : imported.group(1).replace(".", "");
                    if (LAYERS.indexOf(target) > LAYERS.indexOf(layer)) {
                        upward.add(SOURCES.relativize(file) + " uses org.gerenb." + target);
                    }
                }
            }
        }
        assertEquals(List.of(), upward, "imports from a lower package up to a higher one");
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        try (Stream<Path> entries = Files.list(SOURCES)) {
            entries.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .forEach(p -> assertTrue(LAYERS.contains(p), "package org.gerenb." + p + " is in no layer"));
        }
    }

    private static String layerOf(Path file) {
        Path relative = SOURCES.relativize(file.getParent());
        return relative.toString().isEmpty() ? "" : relative.getName(0).toString();
    }
}
