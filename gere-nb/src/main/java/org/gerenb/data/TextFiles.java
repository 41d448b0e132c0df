package org.gerenb.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads whole UTF-8 files, reporting a missing file as a data problem rather than an I/O one. */
final class TextFiles {
    private TextFiles() {
    }

    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "file not found");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
