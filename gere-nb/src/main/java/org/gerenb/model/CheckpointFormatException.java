package org.gerenb.model;

import java.nio.file.Path;

/** A model or tokenizer file that does not hold what was expected; the message names file and tensor. */
public class CheckpointFormatException extends RuntimeException {

    public CheckpointFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public CheckpointFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
