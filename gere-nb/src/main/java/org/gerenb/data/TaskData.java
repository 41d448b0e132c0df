package org.gerenb.data;

import java.util.List;
import java.util.Objects;

/** A classification task: its label options (in prompt order) and its three splits. */
public record TaskData(String name, List<String> labels, List<Example> train, List<Example> dev,
        List<Example> test) {

    public TaskData {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    public List<Example> split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** This task with one split replaced. */
    public TaskData withSplit(Split split, List<Example> examples) {
        return new TaskData(name, labels,
                split == Split.TRAIN ? examples : train,
                split == Split.DEV ? examples : dev,
                split == Split.TEST ? examples : test);
    }

    /** This task with at most {@code maxPerClass} examples of each label kept in {@code split}. */
    public TaskData sampled(Split split, int maxPerClass, long seed) {
        return withSplit(split, ClassSampler.perClass(split(split), maxPerClass, seed));
    }
}
