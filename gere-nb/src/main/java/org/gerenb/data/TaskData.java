package org.gerenb.data;

import java.util.List;
import java.util.Objects;

/**
 * A classification task: its label options (in prompt order), its three splits, and how many items of the
 * files were dropped on loading because their label is not among the options.
 */
public record TaskData(String name, List<String> labels, List<Example> train, List<Example> dev,
        List<Example> test, DroppedItems droppedItems) {

    public TaskData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(droppedItems, "droppedItems");
        labels = List.copyOf(labels);
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    /** A task nothing was dropped from. */
    public TaskData(String name, List<String> labels, List<Example> train, List<Example> dev, List<Example> test) {
        this(name, labels, train, dev, test, DroppedItems.NONE);
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
                split == Split.TEST ? examples : test, droppedItems);
    }

    /** This task with at most {@code maxPerClass} examples of each label kept in {@code split}. */
    public TaskData sampled(Split split, int maxPerClass, long seed) {
        return withSplit(split, ClassSampler.perClass(split(split), maxPerClass, seed));
    }
}
