package org.gerenb.data;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Decides, while a file is read, whether each example's label belongs to the task's label list. */
@FunctionalInterface
interface LabelCheck {

    /** Accepts every label: used while the label list is still being inferred from the data. */
    LabelCheck ANY = (label, file, line, item) -> true;

    /** True to keep the item, false to drop it; an error stops the read. */
    boolean keep(String label, Path file, int line, String item);

    /** Accepts only {@code labels}; any other label is an error citing {@code labelSource}, where the list came from. */
    static LabelCheck against(List<String> labels, String labelSource) {
        Set<String> allowed = new LinkedHashSet<>(labels);
        return (label, file, line, item) -> {
            if (!allowed.contains(label)) {
                throw new DataFormatException(file, line, item + ": label \"" + label
                        + "\" is not in " + labelSource + "; expected one of " + allowed);
            }
            return true;
        };
    }
}
