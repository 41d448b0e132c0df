package org.gerenb.eval;

import java.util.List;

/**
 * The perplexity a model would reach by knowing only token frequencies: p(token) from counts over a
 * corpus with add-one smoothing. A language model worth fine-tuning must be far below it.
 */
public final class UnigramBaseline {

    private final double[] logProbability;

    public UnigramBaseline(List<long[]> corpus, int vocabularySize) {
        long[] counts = new long[vocabularySize];
        long total = 0;
        for (long[] sequence : corpus) {
            for (long id : sequence) {
                counts[(int) id]++;
                total++;
            }
        }
        logProbability = new double[vocabularySize];
        for (int i = 0; i < vocabularySize; i++) {
            logProbability[i] = Math.log((counts[i] + 1.0) / (total + vocabularySize));
        }
    }

    /** Token-weighted perplexity over every token after the first of each sequence (as the model is scored). */
    public double perplexity(List<long[]> sequences) {
        double nll = 0;
        long tokens = 0;
        for (long[] sequence : sequences) {
            for (int t = 1; t < sequence.length; t++) {
                nll -= logProbability[(int) sequence[t]];
                tokens++;
            }
        }
        return Math.exp(nll / tokens);
    }
}
