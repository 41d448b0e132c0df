package org.gerenb.runtime;

import java.nio.file.Path;

/**
 * Where relative paths such as "datasets/model" or "results/quickstart" point. Notebook kernels start in
 * the notebooks/ folder, but the data, model and results live at the repository root, which the
 * kernelspec names in GERE_HOME; without GERE_HOME (command line, tests) paths stay relative to the
 * working directory.
 */
public final class Home {

    private Home() {
    }

    /** GERE_HOME, or the working directory. */
    public static Path dir() {
        String home = System.getenv("GERE_HOME");
        return home == null || home.isBlank() ? Path.of("") : Path.of(home);
    }

    /** A path inside the home relative to it, as notebooks print paths; any other path unchanged. */
    public static String relative(Path path) {
        Path home = dir().toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : path.toString();
    }

    /** An absolute path unchanged; a relative one under {@link #dir()}. */
    public static Path resolve(String path) {
        return dir().resolve(path);
    }
}
