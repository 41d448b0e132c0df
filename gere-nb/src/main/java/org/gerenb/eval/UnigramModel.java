package org.gerenb.eval;

import java.util.List;

/**
 * Token frequencies of a corpus, add-one smoothed. It ignores all context, so its perplexity on held-out
 * text is the bar a language model trained on that corpus has to clear to show it learned more than
 * which tokens are common.
 */
public final class UnigramModel {

    private final double[] logProbabilities;

    private UnigramModel(double[] logProbabilities) {
        this.logProbabilities = logProbabilities;
    }

    /** Counts every token of every sequence; ids must lie below vocabSize. */
    public static UnigramModel fit(List<long[]> sequences, int vocabSize) {
        long[] counts = new long[vocabSize];
        long total = 0;
        for (long[] sequence : sequences) {
            for (long id : sequence) {
                counts[Math.toIntExact(id)]++;
                total++;
            }
        }
        double[] logProbabilities = new double[vocabSize];
        for (int id = 0; id < vocabSize; id++) {
            logProbabilities[id] = Math.log((counts[id] + 1.0) / (total + vocabSize));
        }
        return new UnigramModel(logProbabilities);
    }

    /**
     * Perplexity over every token after the first of each sequence: the tokens a causal language model is
     * scored on (see SequenceScorer.languageModeling), so the two numbers compare.
     */
    public double perplexity(List<long[]> sequences) {
        double nll = 0;
        long tokens = 0;
        for (long[] sequence : sequences) {
            for (int i = 1; i < sequence.length; i++) {
                nll -= logProbabilities[Math.toIntExact(sequence[i])];
                tokens++;
            }
        }
        if (tokens == 0) {
            throw new IllegalArgumentException("no token to score: every sequence is shorter than two tokens");
        }
        return Math.exp(nll / tokens);
    }
}
