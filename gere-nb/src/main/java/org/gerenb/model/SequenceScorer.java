package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Log-likelihoods of token spans under a model, batched and without gradients. */
public final class SequenceScorer {

    /** Summed NLL (nats) and number of scored tokens of one sequence. */
    public record Score(double nll, long tokens) {
    }

    private SequenceScorer() {
    }

    /**
     * log p(target | prompt) for each pair, summed over the target's tokens (0 for an empty target).
     * Pairs that share a prompt are scored from one pass over it ({@link SharedPromptRows}), so ranking
     * n labels or options costs one prompt, not n.
     */
    public static double[] logLikelihoods(LlamaModel model, List<long[]> prompts, List<long[]> targets,
            int batchSize, long padId) {
        List<SharedPromptRows.Row> rows = SharedPromptRows.pack(prompts, targets);
        double[] logLikelihoods = new double[prompts.size()];
        for (List<SharedPromptRows.Row> batch : byLength(rows, batchSize)) {
            try (NDScope ignored = new NDScope()) {
                addLogLikelihoods(model, packedPass(model, batch, padId, null), batch, logLikelihoods);
            }
        }
        return logLikelihoods;
    }

    /** Packed rows in batches of similar length, longest first. */
    static List<List<SharedPromptRows.Row>> byLength(List<SharedPromptRows.Row> rows, int batchSize) {
        return Batches.byLength(rows.stream().map(SharedPromptRows.Row::ids).toList(), batchSize).stream()
                .map(indices -> Batches.pick(rows, indices)).toList();
    }

    /**
     * The final hidden states [B, N, D] of packed rows at their scored positions (state j of row b is at its
     * j-th scored position; rows with fewer repeat their first), the rows right-padded to the first (longest)
     * row's length; with a cache, the pass also fills it, keeping each row's prompt for decoding.
     */
    static NDArray packedPass(LlamaModel model, List<SharedPromptRows.Row> batch, long padId, KvCache cache) {
        NDManager manager = model.manager();
        int width = batch.get(0).length();
        NDArray ids = padded(manager, batch, width, SharedPromptRows.Row::ids, padId);
        NDArray positions = padded(manager, batch, width, SharedPromptRows.Row::positions, 0);
        NDArray mask = manager.create(SharedPromptRows.additiveMask(batch, width),
                new Shape(batch.size(), 1, width, width));
        NDArray readAt = readPositions(manager, batch);
        return (cache == null ? model.forward(ids, positions, mask, readAt)
                : model.forward(ids, positions, mask, readAt, cache, manager.create(
                        SharedPromptRows.promptKeys(batch, width), new Shape(batch.size(), width)))).lastHidden();
    }

    /** [B, N]: each row's scored positions, padded with its first. */
    private static NDArray readPositions(NDManager manager, List<SharedPromptRows.Row> batch) {
        return manager.create(Batches.paddedWithFirst(batch.stream()
                .map(r -> Arrays.stream(r.scoredPositions()).asLongStream().toArray()).toList()));
    }

    /** Adds to each pair's entry the log-probabilities of its target tokens, from the states of {@link #packedPass}. */
    static void addLogLikelihoods(LlamaModel model, NDArray hidden, List<SharedPromptRows.Row> batch,
            double[] logLikelihoods) {
        long perRow = hidden.getShape().get(1);
        List<Integer> owners = new ArrayList<>();
        List<Long> flat = new ArrayList<>();
        List<Long> next = new ArrayList<>();
        int longest = 0;
        for (int b = 0; b < batch.size(); b++) {
            SharedPromptRows.Row row = batch.get(b);
            int[] scored = row.scoredPositions();
            for (int j = 0; j < scored.length; j++) {
                owners.add(row.owner()[scored[j]]);
                flat.add(b * perRow + j);
                next.add(row.target()[scored[j]]);
            }
            longest = Math.max(longest, scored.length);
        }
        if (perRow != Batches.readWidth(longest)) {
            throw new IllegalArgumentException("states read at " + perRow + " positions per row; the rows score "
                    + longest + " (read the pass with packedPass)");
        }
        float[] logProbabilities = CausalLmLoss.targetLogProbabilities(hidden, flat, next, model::lmHead)
                .toFloatArray();
        for (int i = 0; i < owners.size(); i++) {
            logLikelihoods[owners.get(i)] += logProbabilities[i];
        }
    }

    /** A [B, width] array of one field of each row, right-padded with {@code fill}; targets pad with a valid id. */
    private static NDArray padded(NDManager manager, List<SharedPromptRows.Row> rows, int width,
            java.util.function.Function<SharedPromptRows.Row, long[]> field, long fill) {
        long[] flat = new long[rows.size() * width];
        Arrays.fill(flat, fill);
        for (int b = 0; b < rows.size(); b++) {
            long[] values = field.apply(rows.get(b));
            for (int t = 0; t < values.length; t++) {
                flat[b * width + t] = values[t] == TokenBatch.IGNORE ? 0 : values[t];
            }
        }
        return manager.create(flat, new Shape(rows.size(), width));
    }

    /** Token-weighted perplexity: exp(total NLL / total scored tokens). */
    public static double perplexity(Score[] scores) {
        double nll = 0;
        long tokens = 0;
        for (Score s : scores) {
            nll += s.nll();
            tokens += s.tokens();
        }
        return Math.exp(nll / tokens);
    }

    /** Perplexity of sequences scored from their second token on. */
    public static double perplexity(LlamaModel model, List<long[]> sequences, int batchSize, long padId) {
        return perplexity(languageModeling(model, sequences, batchSize, padId));
    }

    /** NLL of every token after the first, per sequence (what perplexity is computed from). */
    public static Score[] languageModeling(LlamaModel model, List<long[]> sequences, int batchSize, long padId) {
        return score(model, sequences, sequences.stream().map(s -> 1).toList(), batchSize, padId);
    }

    private static Score[] score(LlamaModel model, List<long[]> sequences, List<Integer> targetStarts, int batchSize,
            long padId) {
        Score[] scores = new Score[sequences.size()];
        NDManager manager = model.manager();
        for (int[] indices : Batches.byLength(sequences, batchSize)) {
            TokenBatch batch = TokenBatch.withTargets(Batches.pick(sequences, indices),
                    Batches.pick(targetStarts, indices), padId);
            try (NDScope ignored = new NDScope()) {
                NDArray labels = batch.labelsArray(manager);
                NDArray logits = model.forward(batch.idsArray(manager), batch.maskArray(manager), true, false).logits();
                float[] nll = CausalLmLoss.perSequence(logits, labels).toFloatArray();
                float[] counts = CausalLmLoss.targetCounts(labels).toFloatArray();
                for (int i = 0; i < indices.length; i++) {
                    scores[indices[i]] = new Score(nll[i], (long) counts[i]);
                }
            }
        }
        return scores;
    }
}
