package org.gerenb.data;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Input data that does not have the expected shape. The message names the file, the line where one
 * is known, and what was expected there, so a user can open the file and fix it.
 */
public class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** A problem at a 1-based line of {@code file}. */
    public DataFormatException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** A problem with {@code file} as a whole (missing, empty, ambiguous). */
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = 0;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line, or empty when the problem concerns the whole file. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
