package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/** Log-likelihoods of token spans under a model, batched and without gradients. */
public final class SequenceScorer {

    /** Summed NLL (nats) and number of scored tokens of one sequence. */
    public record Score(double nll, long tokens) {
    }

    private SequenceScorer() {
    }

    /** log p(target | prompt) for each pair, summed over the target's tokens. */
    public static double[] logLikelihoods(LlamaModel model, List<long[]> prompts, List<long[]> targets,
            int batchSize, long padId) {
        List<long[]> joined = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            long[] sequence = new long[prompts.get(i).length + targets.get(i).length];
            System.arraycopy(prompts.get(i), 0, sequence, 0, prompts.get(i).length);
            System.arraycopy(targets.get(i), 0, sequence, prompts.get(i).length, targets.get(i).length);
            joined.add(sequence);
            starts.add(prompts.get(i).length);
        }
        Score[] scores = score(model, joined, starts, batchSize, padId);
        double[] logLikelihoods = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            logLikelihoods[i] = -scores[i].nll();
        }
        return logLikelihoods;
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
