package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Candidate ranking and greedy generation from one pass over each prompt. The prompt and its candidates
 * are packed as {@link SharedPromptRows}, which gives every candidate's log-likelihood exactly as
 * {@link SequenceScorer#logLikelihoods}; the same pass fills a key/value cache that keeps the prompt's keys only,
 * and the logits that predict a candidate's first token also choose the first generated token
 * (both follow the prompt's last token), so decoding continues from the cache without reading the prompt again.
 */
public final class ScoredGeneration {

    /** log p(candidate j | prompt i) at [i][j], and each prompt's greedy completion (without EOS). */
    public record Answers(double[][] logLikelihoods, List<long[]> completions) {
    }

    private ScoredGeneration() {
    }

    /** Every prompt (BOS included) with the same non-empty candidates, in batches of {@code batchSize} rows. */
    public static Answers run(LlamaModel model, List<long[]> prompts, List<long[]> candidates, int maxNewTokens,
            long eosId, int batchSize, long padId) {
        List<long[]> pairPrompts = new ArrayList<>();
        List<long[]> pairCandidates = new ArrayList<>();
        for (long[] prompt : prompts) {
            for (int j = 0; j < candidates.size(); j++) {
                if (candidates.get(j).length == 0) {
                    throw new IllegalArgumentException("candidate " + j + " has no tokens: nothing to rank");
                }
                pairPrompts.add(prompt);
                pairCandidates.add(candidates.get(j));
            }
        }
        double[] scores = new double[pairPrompts.size()];
        Map<List<Long>, long[]> completions = new HashMap<>();
        for (List<SharedPromptRows.Row> batch : SequenceScorer.byLength(SharedPromptRows.pack(pairPrompts,
                pairCandidates), batchSize)) {
            List<long[]> generated = scoreAndGenerate(model, batch, maxNewTokens, eosId, padId, scores);
            for (int b = 0; b < batch.size(); b++) {
                // a prompt whose candidates fill several rows is decoded in each, with the same result
                completions.putIfAbsent(SharedPromptRows.boxed(batch.get(b).prompt()), generated.get(b));
            }
        }
        double[][] byPrompt = new double[prompts.size()][];
        List<long[]> completed = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            byPrompt[i] = Arrays.copyOfRange(scores, i * candidates.size(), (i + 1) * candidates.size());
            completed.add(completions.get(SharedPromptRows.boxed(prompts.get(i))));
        }
        return new Answers(byPrompt, completed);
    }

    private static List<long[]> scoreAndGenerate(LlamaModel model, List<SharedPromptRows.Row> batch,
            int maxNewTokens, long eosId, long padId, double[] scores) {
        try (KvCache cache = new KvCache(model.config().layers())) {
            long[] first;
            try (NDScope ignored = new NDScope()) {
                NDArray hidden = SequenceScorer.packedPass(model, batch, padId, cache);
                SequenceScorer.addLogLikelihoods(model, hidden, batch, scores);
                first = firstTokens(model, hidden);
            }
            long[] lastPositions = batch.stream().mapToLong(r -> r.positions()[r.lastPromptIndex()]).toArray();
            return Generator.continueGreedy(model, cache, first, lastPositions, maxNewTokens, eosId);
        }
    }

    /** argmax of the logits at each row's copy of its prompt's last token, the first state {@link SequenceScorer#packedPass} reads. */
    private static long[] firstTokens(LlamaModel model, NDArray hidden) {
        return model.lmHead(hidden.get(":, 0, :")).argMax(-1).toLongArray();
    }
}
