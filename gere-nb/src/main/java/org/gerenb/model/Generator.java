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
        long[][] positions = promptPositions(batch.mask());
        NDManager manager = model.manager();
        try (KvCache cache = new KvCache(model.config().layers())) {
            long[] first;
            try (NDScope ignored = new NDScope()) {
                first = lastArgmax(model.forward(array(manager, batch.ids()), array(manager, batch.mask()),
                        array(manager, positions), cache));
            }
            return continueGreedy(model, cache, first, lastColumn(positions), maxNewTokens, eosId);
        }
    }

    /**
     * Greedy decoding after a prompt pass that filled {@code cache} and chose each row's first token
     * {@code first}; {@code lastPositions} are the positions of the rows' last prompt tokens. Up to
     * {@code maxNewTokens} tokens per row, the first included, ending at EOS (not returned).
     */
    static List<long[]> continueGreedy(LlamaModel model, KvCache cache, long[] first, long[] lastPositions,
            int maxNewTokens, long eosId) {
        int rows = first.length;
        List<List<Long>> output = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            output.add(new ArrayList<>());
        }
        boolean[] finished = new boolean[rows];
        Arrays.fill(finished, maxNewTokens == 0); // a zero budget keeps not even the first token
        NDManager manager = model.manager();
        long[] next = first;
        long[] positions = lastPositions;
        for (int step = 1; ; step++) {
            for (int row = 0; row < rows; row++) {
                if (!finished[row]) {
                    finished[row] = next[row] == eosId;
                    if (!finished[row]) {
                        output.get(row).add(next[row]);
                    }
                }
            }
            if (step >= maxNewTokens || allTrue(finished)) {
                break;
            }
            positions = Arrays.stream(positions).map(p -> p + 1).toArray();
            try (NDScope ignored = new NDScope()) {
                next = lastArgmax(model.forward(array(manager, column(next)), array(manager, ones(rows)),
                        array(manager, column(positions)), cache));
            }
        }
        return output.stream().map(l -> l.stream().mapToLong(Long::longValue).toArray()).toList();
    }

    /** The greedy choice at each row's last position. */
    private static long[] lastArgmax(LlamaModel.Output out) {
        return out.logits().get(":, -1, :").argMax(-1).toLongArray();
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

    /** values as a [B, 1] matrix. */
    private static long[][] column(long[] values) {
        long[][] c = new long[values.length][];
        for (int i = 0; i < values.length; i++) {
            c[i] = new long[] {values[i]};
        }
        return c;
    }

    private static long[][] ones(int rows) {
        long[] ones = new long[rows];
        Arrays.fill(ones, 1);
        return column(ones);
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
