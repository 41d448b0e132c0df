package org.gerenb.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the items whose label is in labels.json and counts the others. The O-LoRA benchmark data holds
 * items whose annotators reached no consensus (e.g. MNLI's "-"); the benchmark's own loader skips them,
 * so a run must not stop at the first one.
 */
final class LabelFilter implements LabelCheck {
    private final Set<String> allowed;
    private final Map<String, Integer> droppedByLabel = new TreeMap<>();

    LabelFilter(List<String> labels) {
        this.allowed = new HashSet<>(labels);
    }

    @Override
    public boolean keep(String label, Path file, int line, String item) {
        if (allowed.contains(label)) {
            return true;
        }
        droppedByLabel.merge(label, 1, Integer::sum);
        return false;
    }

    int dropped() {
        return droppedByLabel.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The dropped labels with their counts, e.g. {"-"=12}. */
    Map<String, Integer> droppedByLabel() {
        return Map.copyOf(droppedByLabel);
    }
}
