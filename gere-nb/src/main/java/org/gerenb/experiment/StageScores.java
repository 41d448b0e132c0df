package org.gerenb.experiment;

/**
 * What is measured after a stage: each task's accuracy by generation (exact match) and by label
 * ranking, the general benchmark's accuracy and the held-out perplexity (NaN when not measured).
 */
public record StageScores(double[] generation, double[] ranking, double general, double perplexity, double seconds) {
}
