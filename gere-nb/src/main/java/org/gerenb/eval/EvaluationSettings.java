package org.gerenb.eval;

/**
 * How a model is asked evaluation questions: sequences per forward pass, greedy tokens per answer, and
 * items per scoring call. One set of defaults for the fluent API, the experiments and the model card.
 */
public record EvaluationSettings(int batchSize, int maxNewTokens, int itemsPerCall) {

    /** 16 sequences per pass; 9 new tokens, since the longest embedded label (era's) has 8; 256 items per call. */
    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(16, 9, 256);
}
