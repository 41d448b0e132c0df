package org.gerenb.data;

import java.util.Objects;

/** One labelled text of a classification task, as stored in the O-LoRA benchmark files. */
public record Example(String sentence, String label) {
    public Example {
        Objects.requireNonNull(sentence, "sentence");
        Objects.requireNonNull(label, "label");
    }
}
