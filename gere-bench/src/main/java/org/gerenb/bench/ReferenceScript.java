package org.gerenb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Python script of the checkout (tools/bench/...) that does the same work with PyTorch for comparison:
 * where it is, and running it in a Python that has torch and transformers (a developer's reference stack;
 * users need none of it).
 */
final class ReferenceScript {

    private ReferenceScript() {
    }

    /** The script in the working directory or above it, else beside the jar's checkout; null when absent. */
    static Path locate(String relative) {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(ReferenceScript.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory has to do
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve(relative);
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
        }
        return null;
    }

    /** The variables ./gere set from environment/native.env because the caller had not (launch.sh). */
    static List<String> addedNativeSettings() {
        String added = System.getenv().getOrDefault("GERE_NATIVE_ENV_ADDED", "").strip();
        return added.isEmpty() ? List.of() : List.of(added.split("\\s+"));
    }

    /** Runs the command (python, script, its options) with stderr passed through; returns its stdout. */
    static String run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            // the reference runs as a user's script would: without what environment/native.env added for the JVM
            addedNativeSettings().forEach(builder.environment()::remove);
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with status " + exit);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(1), e);
        }
    }
}
