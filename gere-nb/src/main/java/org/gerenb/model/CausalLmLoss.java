package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Next-token cross-entropy as Hugging Face computes it: logits at t predict labels at t + 1, labels of
 * -100 are skipped, and the mean is over the remaining targets.
 *
 * <pre>  CE = - sum_{t: y_{t+1} != -100} log softmax(logits_t)[y_{t+1}] / #{t: y_{t+1} != -100}</pre>
 */
public final class CausalLmLoss {

    private CausalLmLoss() {
    }

    /** Mean over all targets of the batch (a scalar). */
    public static NDArray mean(NDArray logits, NDArray labels) {
        Terms terms = terms(logits, labels);
        return terms.nll.sum().div(terms.targets.sum().maximum(1f));
    }

    /**
     * The positions t of each row that predict a target (labels[t + 1] != -100), in order, padded as
     * {@link Batches#paddedWithFirst}: where a pass is read ({@code LlamaModel.forwardAt}) for {@link #meanAtTargets}.
     */
    public static long[][] targetPositions(long[][] labels) {
        List<long[]> rows = new ArrayList<>();
        for (long[] row : labels) {
            rows.add(IntStream.range(0, row.length - 1).filter(t -> row[t + 1] != TokenBatch.IGNORE).asLongStream()
                    .toArray());
        }
        return Batches.paddedWithFirst(rows);
    }

    /**
     * The same mean from final hidden states z [B, N, D] read at {@link #targetPositions}: the vocabulary
     * projection only where a target is predicted (for prompt + answer items a few positions per row), and
     * with states read there, the last layer too.
     *
     * <pre>  CE = - sum_n log softmax(W_head z_n)[y_n] / N,   z_n = read[b_n, j_n],  y_n = labels[b_n, t_n + 1]</pre>
     */
    public static NDArray meanAtTargets(NDArray read, long[][] labels, UnaryOperator<NDArray> head) {
        long perRow = read.getShape().get(1);
        List<Long> flat = new ArrayList<>();
        List<Long> next = new ArrayList<>();
        int longest = 0;
        for (int row = 0; row < labels.length; row++) {
            int j = 0;
            for (int t = 0; t + 1 < labels[row].length; t++) {
                if (labels[row][t + 1] != TokenBatch.IGNORE) {
                    flat.add(row * perRow + j++);
                    next.add(labels[row][t + 1]);
                }
            }
            longest = Math.max(longest, j);
        }
        if (perRow != Batches.readWidth(longest)) {
            throw new IllegalArgumentException("states read at " + perRow + " positions per row; the labels' targets "
                    + "need " + Batches.readWidth(longest) + " (read the pass at CausalLmLoss.targetPositions(labels))");
        }
        if (flat.isEmpty()) {
            return read.sum().mul(0f);
        }
        return targetLogProbabilities(read, flat, next, head).mean().neg();
    }

    /**
     * log softmax(W_head z_n)[y_n] [N] for the hidden states z [B, N, D] at flattened indices b * N + j and
     * their next tokens y_n: the vocabulary projection of only the positions that are scored.
     */
    static NDArray targetLogProbabilities(NDArray hidden, List<Long> flatPositions, List<Long> targets,
            UnaryOperator<NDArray> head) {
        NDManager manager = hidden.getManager();
        NDArray selected = hidden.reshape(-1, hidden.getShape().get(2))
                .get(new NDIndex("{}", manager.create(toArray(flatPositions))));
        NDArray next = manager.create(toArray(targets)).expandDims(-1);
        return head.apply(selected).toType(DataType.FLOAT32, false).logSoftmax(-1).gather(next, -1).squeeze(-1);
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Summed negative log-likelihood per row [B] (nats). */
    public static NDArray perSequence(NDArray logits, NDArray labels) {
        return terms(logits, labels).nll.sum(new int[] {1});
    }

    /** Number of targets per row [B]. */
    public static NDArray targetCounts(NDArray labels) {
        return shiftedLabels(labels).neq(TokenBatch.IGNORE).toType(DataType.FLOAT32, false).sum(new int[] {1});
    }

    private record Terms(NDArray nll, NDArray targets) {
    }

    /**
     * Per-position NLL [B, T] (zero where ignored; the last position predicts nothing) and the target
     * indicator. The labels are shifted rather than the logits sliced: slicing [B, T, V] would copy it
     * forward and fill a zero tensor of its size backward.
     */
    private static Terms terms(NDArray logits, NDArray labels) {
        NDArray next = shiftedLabels(labels);
        NDArray isTarget = next.neq(TokenBatch.IGNORE);
        NDArray safeIndex = next.mul(isTarget.toType(DataType.INT64, false)).expandDims(-1);
        NDArray logProbability = logits.toType(DataType.FLOAT32, false).logSoftmax(-1).gather(safeIndex, -1)
                .squeeze(-1);
        NDArray targets = isTarget.toType(DataType.FLOAT32, false);
        return new Terms(logProbability.neg().mul(targets), targets);
    }

    /** labels[:, t + 1] at position t, and -100 at the last position. */
    private static NDArray shiftedLabels(NDArray labels) {
        NDArray last = labels.getManager().full(new Shape(labels.getShape().get(0), 1), TokenBatch.IGNORE,
                labels.getDataType());
        return labels.get(":, 1:").concat(last, 1);
    }
}
