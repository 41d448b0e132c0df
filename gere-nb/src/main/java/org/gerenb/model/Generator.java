package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding with a key/value cache. Prompts are left-padded so every row's next token comes from
 * the last column; positions count real tokens only, as Hugging Face derives them from the mask.
 */
public final class Generator {

    public static final long NO_EOS = -1;

    private Generator() {
    }

    /** Generated ids per prompt, without the prompt and without the final EOS. */
    public static List<long[]> greedy(LlamaModel model, List<long[]> prompts, int maxNewTokens, long eosId,
            int batchSize, long padId) {
        long[][] results = new long[prompts.size()][];
        for (int[] batch : Batches.byLength(prompts, batchSize)) {
            List<long[]> generated = greedyBatch(model, Batches.pick(prompts, batch), maxNewTokens, eosId, padId);
            for (int i = 0; i < batch.length; i++) {
                results[batch[i]] = generated.get(i);
            }
        }
        return Arrays.asList(results);
    }

    private static List<long[]> greedyBatch(LlamaModel model, List<long[]> prompts, int maxNewTokens, long eosId,
            long padId) {
        TokenBatch batch = TokenBatch.leftPadded(prompts, padId);
        int rows = batch.size();
        List<List<Long>> output = new ArrayList<>();
        prompts.forEach(p -> output.add(new ArrayList<>()));
        boolean[] finished = new boolean[rows];
        long[][] ids = batch.ids();
        long[][] mask = batch.mask();
        long[][] positions = promptPositions(batch.mask());
        NDManager manager = model.manager();
        try (KvCache cache = new KvCache(model.config().layers())) {
            for (int step = 0; step < maxNewTokens && !allTrue(finished); step++) {
                long[] next;
                try (NDScope ignored = new NDScope()) {
                    NDArray logits = model.forward(array(manager, ids), array(manager, mask),
                            array(manager, positions), cache).logits();
                    next = logits.get(":, -1, :").argMax(-1).toLongArray();
                }
                for (int row = 0; row < rows; row++) {
                    if (!finished[row]) {
                        finished[row] = next[row] == eosId;
                        if (!finished[row]) {
                            output.get(row).add(next[row]);
                        }
                    }
                }
                ids = column(next);
                mask = column(new long[rows], 1);
                positions = column(lastColumn(positions), 1, 1);
            }
        }
        return output.stream().map(l -> l.stream().mapToLong(Long::longValue).toArray()).toList();
    }

    private static long[][] promptPositions(long[][] mask) {
        long[][] positions = new long[mask.length][];
        for (int row = 0; row < mask.length; row++) {
            positions[row] = new long[mask[row].length];
            long seen = 0;
            for (int t = 0; t < mask[row].length; t++) {
                positions[row][t] = Math.max(0, seen + mask[row][t] - 1);
                seen += mask[row][t];
            }
        }
        return positions;
    }

    private static long[] lastColumn(long[][] rows) {
        return Arrays.stream(rows).mapToLong(r -> r[r.length - 1]).toArray();
    }

    private static long[][] column(long[] values) {
        return column(values, 0, 1);
    }

    private static long[][] column(long[] values, long add) {
        return column(values, add, 0);
    }

    /** values * scale + add as a [B, 1] matrix. */
    private static long[][] column(long[] values, long add, long scale) {
        long[][] c = new long[values.length][1];
        for (int i = 0; i < values.length; i++) {
            c[i][0] = values[i] * scale + add;
        }
        return c;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    private static NDArray array(NDManager manager, long[][] rows) {
        return new TokenBatch(rows, rows, null).idsArray(manager);
    }
}
