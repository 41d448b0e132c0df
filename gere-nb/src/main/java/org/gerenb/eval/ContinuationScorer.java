package org.gerenb.eval;

import java.util.List;

/**
 * The model side of likelihood-based evaluation: for each i, log P(continuations[i] | prompts[i]),
 * the summed log-probability of the continuation's tokens when they follow the prompt. The two lists
 * have the same length and the result has one entry per pair.
 */
@FunctionalInterface
public interface ContinuationScorer {
    double[] logLikelihoods(List<String> prompts, List<String> continuations);
}
