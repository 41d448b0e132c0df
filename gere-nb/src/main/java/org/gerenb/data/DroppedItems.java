package org.gerenb.data;

/** How many items of each split were dropped on loading because their label is not in labels.json. */
public record DroppedItems(int train, int dev, int test) {
    public static final DroppedItems NONE = new DroppedItems(0, 0, 0);

    public int total() {
        return train + dev + test;
    }

    public int of(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }
}
