package org.gerenb.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Continuations that share a prompt, packed into one row so the prompt is read once. For a prompt
 * p_1..p_L and continuations c^1..c^n the row is
 *
 * <pre>
 *   p_1 .. p_{L-1} | p_L c^1_1 .. c^1_{m1-1} | p_L c^2_1 .. c^2_{m2-1} | ...
 *   positions       0 .. L-2 | L-1 .. L+m1-2  | L-1 .. L+m2-2          | ...
 * </pre>
 *
 * Each segment starts with a copy of the prompt's last token (whose logits predict c^j_1) and sees the
 * shared prefix and its own earlier tokens only, so its logits equal those of the unpacked sequence
 * p c^j. Every position then predicts exactly one target: the next token of its own continuation.
 */
final class SharedPromptRows {

    /**
     * Continuation tokens per row beyond the prompt. Packing saves the prompt's cost once per extra
     * continuation but the row's attention grows with the square of its length, so behind a short prompt
     * (the unconditional option scores sit behind BOS alone) long rows cost more than they save; 128 keeps
     * every label set and four MMLU-length options in one row.
     */
    static final int MAX_CONTINUATION_TOKENS = 128;

    /** One packed row: ids, positions, segment (0 = shared prefix, j = continuation j), target and owner pair. */
    record Row(long[] ids, long[] positions, int[] segment, long[] target, int[] owner) {
        int length() {
            return ids.length;
        }

        /** Index of the first continuation's opening token, the copy of the prompt's last token. */
        int lastPromptIndex() {
            int t = 0;
            while (segment[t] == 0) {
                t++;
            }
            return t;
        }

        /**
         * The positions whose states are read, the ones that predict a continuation's token, in order; the first
         * is {@link #lastPromptIndex()}, whose state also chooses the first generated token.
         */
        int[] scoredPositions() {
            return IntStream.range(0, length()).filter(t -> owner[t] >= 0).toArray();
        }

        /** The prompt the row continues (the shared prefix and its last token). */
        long[] prompt() {
            return Arrays.copyOf(ids, lastPromptIndex() + 1);
        }
    }

    private SharedPromptRows() {
    }

    /** Rows covering every pair (prompt i, continuation i); pairs with an empty continuation are in none. */
    static List<Row> pack(List<long[]> prompts, List<long[]> continuations) {
        Map<List<Long>, List<Integer>> byPrompt = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("prompt " + i + " has no tokens: a continuation needs at least BOS before it");
            }
            if (continuations.get(i).length > 0) {
                byPrompt.computeIfAbsent(boxed(prompts.get(i)), k -> new ArrayList<>()).add(i);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (List<Integer> pairs : byPrompt.values()) {
            long[] prompt = prompts.get(pairs.get(0));
            List<Integer> current = new ArrayList<>();
            int tokens = 0;
            for (int pair : pairs) {
                int length = continuations.get(pair).length;
                if (!current.isEmpty() && tokens + length > MAX_CONTINUATION_TOKENS) {
                    rows.add(row(prompt, current, continuations));
                    current = new ArrayList<>();
                    tokens = 0;
                }
                current.add(pair);
                tokens += length;
            }
            rows.add(row(prompt, current, continuations));
        }
        return rows;
    }

    private static Row row(long[] prompt, List<Integer> pairs, List<long[]> continuations) {
        int prefix = prompt.length - 1;
        int length = prefix + pairs.stream().mapToInt(p -> continuations.get(p).length).sum();
        long[] ids = Arrays.copyOf(prompt, length);
        long[] positions = new long[length];
        int[] segment = new int[length];
        long[] target = new long[length];
        int[] owner = new int[length];
        for (int t = 0; t < prefix; t++) {
            positions[t] = t;
            target[t] = TokenBatch.IGNORE;
            owner[t] = -1;
        }
        int t = prefix;
        for (int j = 0; j < pairs.size(); j++) {
            long[] continuation = continuations.get(pairs.get(j));
            for (int i = 0; i < continuation.length; i++, t++) {
                ids[t] = i == 0 ? prompt[prefix] : continuation[i - 1];
                positions[t] = prefix + i;
                segment[t] = j + 1;
                target[t] = continuation[i];
                owner[t] = pairs.get(j);
            }
        }
        return new Row(ids, positions, segment, target, owner);
    }

    /**
     * The [B, 1, T, T] additive mask of rows padded to width T, flattened: query t reads key s when s is
     * a real token, s <= t, and s is in the shared prefix or in t's own segment.
     */
    static float[] additiveMask(List<Row> rows, int width) {
        float[] mask = new float[rows.size() * width * width];
        Arrays.fill(mask, LlamaModel.MASKED);
        for (int b = 0; b < rows.size(); b++) {
            Row row = rows.get(b);
            for (int q = 0; q < width; q++) {
                int querySegment = q < row.length() ? row.segment()[q] : 0;
                for (int k = 0; k <= Math.min(q, row.length() - 1); k++) {
                    if (row.segment()[k] == 0 || row.segment()[k] == querySegment) {
                        mask[(b * width + q) * width + k] = 0f;
                    }
                }
            }
        }
        return mask;
    }

    /**
     * The [B, T] key mask that keeps each row's prompt for decoding after the packed pass: 1 at the shared
     * prefix and at the first continuation's opening copy of the prompt's last token, 0 elsewhere.
     */
    static long[] promptKeys(List<Row> rows, int width) {
        long[] keys = new long[rows.size() * width];
        for (int b = 0; b < rows.size(); b++) {
            int last = rows.get(b).lastPromptIndex();
            for (int t = 0; t <= last; t++) {
                keys[b * width + t] = 1;
            }
        }
        return keys;
    }

    /** A prompt as a map key: rows and pairs with equal ids share it. */
    static List<Long> boxed(long[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }
}
