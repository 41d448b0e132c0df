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

    /**
     * Positions per row as a [B, N] matrix, N the longest row (at least 1), shorter rows padded with their first
     * position (0 for an empty row): the readAt of a pass whose states are read at these positions.
     */
    static long[][] paddedWithFirst(List<long[]> rows) {
        int longest = readWidth(rows.stream().mapToInt(r -> r.length).max().orElse(0));
        long[][] padded = new long[rows.size()][longest];
        for (int b = 0; b < rows.size(); b++) {
            long[] own = rows.get(b);
            for (int j = 0; j < longest; j++) {
                padded[b][j] = j < own.length ? own[j] : own.length == 0 ? 0 : own[0];
            }
        }
        return padded;
    }

    /** N of {@link #paddedWithFirst} for rows of at most {@code longest} positions. */
    static int readWidth(int longest) {
        return Math.max(1, longest);
    }

    public static <T> List<T> pick(List<T> items, int[] indices) {
        List<T> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(items.get(i));
        }
        return picked;
    }
}
