package org.gerenb.data;

import java.nio.file.Path;

/** A data file that does not hold what was expected; the message names the file and line. */
public class DataFormatException extends RuntimeException {

    public DataFormatException(Path file, long line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    public DataFormatException(Path file, String message) {
        this(file, 0, message);
    }
}
