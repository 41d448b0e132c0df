package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Sequences of different lengths packed into [B, T] ids, mask and labels (-100 where no loss is taken). */
public record TokenBatch(long[][] ids, long[][] mask, long[][] labels) {

    public static final long IGNORE = -100;

    /** Right-padded batch; every token after the first of each row is a target. */
    public static TokenBatch languageModeling(List<long[]> sequences, long padId) {
        return withTargets(sequences, sequences.stream().map(s -> 0).toList(), padId);
    }

    /**
     * Right-padded batch whose row i takes loss only from position targetStart[i] on, as Hugging Face
     * labels do for prompt + answer examples (prompt labels are -100).
     */
    public static TokenBatch withTargets(List<long[]> sequences, List<Integer> targetStart, long padId) {
        int width = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        long[][] ids = new long[sequences.size()][width];
        long[][] mask = new long[sequences.size()][width];
        long[][] labels = new long[sequences.size()][width];
        for (int row = 0; row < sequences.size(); row++) {
            long[] tokens = sequences.get(row);
            for (int t = 0; t < width; t++) {
                boolean real = t < tokens.length;
                ids[row][t] = real ? tokens[t] : padId;
                mask[row][t] = real ? 1 : 0;
                labels[row][t] = real && t >= targetStart.get(row) ? tokens[t] : IGNORE;
            }
        }
        return new TokenBatch(ids, mask, labels);
    }

    /** Left-padded prompts for decoding: the last column is every row's last prompt token. */
    public static TokenBatch leftPadded(List<long[]> prompts, long padId) {
        int width = prompts.stream().mapToInt(s -> s.length).max().orElse(0);
        long[][] ids = new long[prompts.size()][width];
        long[][] mask = new long[prompts.size()][width];
        for (int row = 0; row < prompts.size(); row++) {
            long[] tokens = prompts.get(row);
            int offset = width - tokens.length;
            for (int t = 0; t < width; t++) {
                ids[row][t] = t < offset ? padId : tokens[t - offset];
                mask[row][t] = t < offset ? 0 : 1;
            }
        }
        return new TokenBatch(ids, mask, null);
    }

    public int size() {
        return ids.length;
    }

    public int width() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    public long tokenCount() {
        long n = 0;
        for (long[] row : mask) {
            for (long m : row) {
                n += m;
            }
        }
        return n;
    }

    public NDArray idsArray(NDManager manager) {
        return create(manager, ids);
    }

    public NDArray maskArray(NDManager manager) {
        return create(manager, mask);
    }

    public NDArray labelsArray(NDManager manager) {
        return create(manager, labels);
    }

    private static NDArray create(NDManager manager, long[][] rows) {
        long[] flat = new long[rows.length * (rows.length == 0 ? 0 : rows[0].length)];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);
        }
        return manager.create(flat, new Shape(rows.length, rows.length == 0 ? 0 : rows[0].length));
    }
}
