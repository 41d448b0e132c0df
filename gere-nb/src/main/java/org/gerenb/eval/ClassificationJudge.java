package org.gerenb.eval;

import java.util.List;

/**
 * The model side of a classification test read once for both metrics: for every prompt, the
 * log-likelihood of each label after it (ranking) and its greedy completion (generation).
 */
@FunctionalInterface
public interface ClassificationJudge {

    /** logLikelihoods[i][j] = log P(labels[j] | prompts[i]); completions[i] is prompt i's greedy completion. */
    record Answers(double[][] logLikelihoods, List<String> completions) {
    }

    Answers answer(List<String> prompts, List<String> labels);
}
