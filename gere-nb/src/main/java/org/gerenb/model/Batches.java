package org.gerenb.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Groups sequence indices into batches of similar length, so little compute is spent on padding. */
public final class Batches {

    private Batches() {
    }

    public static List<int[]> byLength(List<long[]> sequences, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        int[] order = IntStream.range(0, sequences.size()).boxed()
                .sorted(Comparator.comparingInt(i -> -sequences.get(i).length))
                .mapToInt(Integer::intValue).toArray();
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            batches.add(java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize)));
        }
        return batches;
    }

    public static <T> List<T> pick(List<T> items, int[] indices) {
        List<T> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(items.get(i));
        }
        return picked;
    }
}
