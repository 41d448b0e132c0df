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

    /** Packed batches whose rows are decoded together. */
    static final int DECODED_TOGETHER = 4;

    private ScoredGeneration() {
    }

    /**
     * Every prompt (BOS included) with the same non-empty candidates, scored in batches of {@code batchSize} rows
     * and decoded {@link #DECODED_TOGETHER} batches at a time.
     */
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
        List<List<SharedPromptRows.Row>> batches = SequenceScorer.byLength(SharedPromptRows.pack(pairPrompts,
                pairCandidates), batchSize);
        for (int from = 0; from < batches.size(); from += DECODED_TOGETHER) {
            List<List<SharedPromptRows.Row>> group = batches.subList(from, Math.min(from + DECODED_TOGETHER,
                    batches.size()));
            List<SharedPromptRows.Row> rows = group.stream().flatMap(List::stream).toList();
            List<long[]> generated = scoreAndGenerate(model, group, rows, maxNewTokens, eosId, padId, scores);
            for (int b = 0; b < rows.size(); b++) {
                // a prompt whose candidates fill several rows is decoded in each, with the same result
                completions.putIfAbsent(SharedPromptRows.boxed(rows.get(b).prompt()), generated.get(b));
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

    /**
     * Scores and first tokens batch by batch, then one greedy decoding of all their rows (the group's, in order)
     * from the batches' caches put together: a decoding step costs about its op count, whatever its rows, so
     * decoding {@link #DECODED_TOGETHER} batches at once takes down to 1/{@value #DECODED_TOGETHER} of the steps.
     */
    private static List<long[]> scoreAndGenerate(LlamaModel model, List<List<SharedPromptRows.Row>> group,
            List<SharedPromptRows.Row> rows, int maxNewTokens, long eosId, long padId, double[] scores) {
        List<long[]> first = new ArrayList<>();
        List<KvCache> caches = new ArrayList<>();
        KvCache all;
        try {
            for (List<SharedPromptRows.Row> batch : group) {
                KvCache cache = new KvCache(model.config().layers());
                caches.add(cache);
                try (NDScope ignored = new NDScope()) {
                    NDArray hidden = SequenceScorer.packedPass(model, batch, padId, cache);
                    SequenceScorer.addLogLikelihoods(model, hidden, batch, scores);
                    first.add(firstTokens(model, hidden));
                }
            }
            all = KvCache.concat(caches);
        } finally {
            caches.forEach(KvCache::close); // before decoding: the parts and their concatenation never coexist long
        }
        long[] lastPositions = rows.stream().mapToLong(r -> r.positions()[r.lastPromptIndex()]).toArray();
        try (all) {
            return Generator.continueGreedy(model, all, first.stream().flatMapToLong(Arrays::stream).toArray(),
                    lastPositions, maxNewTokens, eosId);
        }
    }

    /** argmax of the logits at each row's copy of its prompt's last token, the first state {@link SequenceScorer#packedPass} reads. */
    private static long[] firstTokens(LlamaModel model, NDArray hidden) {
        return model.lmHead(hidden.get(":, 0, :")).argMax(-1).toLongArray();
    }
}
