package org.gerenb.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Caps the number of examples per label, as the O-LoRA benchmark does (e.g. 1,000 per class). */
public final class ClassSampler {
    private ClassSampler() {
    }

    /**
     * Keeps at most {@code maxPerClass} examples of each label, chosen at random with {@code seed};
     * the kept examples stay in their original order. Same input and seed, same result.
     */
    public static List<Example> perClass(List<Example> examples, int maxPerClass, long seed) {
        if (maxPerClass < 0) {
            throw new IllegalArgumentException("maxPerClass must be >= 0, was " + maxPerClass);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, examples.size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        Map<String, Integer> taken = new HashMap<>();
        List<Integer> kept = new ArrayList<>();
        for (int index : order) {
            if (taken.merge(examples.get(index).label(), 1, Integer::sum) <= maxPerClass) {
                kept.add(index);
            }
        }
        Collections.sort(kept);
        return kept.stream().map(examples::get).toList();
    }
}
