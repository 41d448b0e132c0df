package org.gerenb.data;

import java.util.Objects;

/** A kind of task that shares one instruction, e.g. all sentiment tasks. */
public record TaskFamily(String name, String instruction) {
    public TaskFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instruction, "instruction");
    }
}
