package org.gerenb.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gerenb.model.Generator;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;

/**
 * A model answering evaluation questions: greedy generation and continuation log-likelihoods over
 * token ids built exactly as in training (BOS + prompt, then the answer's tokens without special tokens).
 */
public final class ModelJudge implements ContinuationScorer, GreedyGenerator {

    /** Sources are cut to this many tokens, as the benchmark's loader does. */
    public static final int MAX_SOURCE_TOKENS = 512;

    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final int batchSize;
    private final int maxNewTokens;

    public ModelJudge(LlamaModel model, TextTokenizer tokenizer, int batchSize, int maxNewTokens) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.maxNewTokens = maxNewTokens;
    }

    public long[] source(String prompt) {
        long[] ids = tokenizer.encode(prompt);
        return ids.length > MAX_SOURCE_TOKENS ? Arrays.copyOf(ids, MAX_SOURCE_TOKENS) : ids;
    }

    @Override
    public double[] logLikelihoods(List<String> prompts, List<String> continuations) {
        List<long[]> sources = new ArrayList<>();
        List<long[]> targets = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            sources.add(source(prompts.get(i)));
            targets.add(tokenizer.encodePlain(continuations.get(i)));
        }
        return SequenceScorer.logLikelihoods(model, sources, targets, batchSize, tokenizer.padId());
    }

    @Override
    public List<String> generate(List<String> prompts) {
        List<long[]> sources = prompts.stream().map(this::source).toList();
        return Generator.greedy(model, sources, maxNewTokens, tokenizer.eosId(), batchSize, tokenizer.padId())
                .stream().map(tokenizer::decode).toList();
    }
}
