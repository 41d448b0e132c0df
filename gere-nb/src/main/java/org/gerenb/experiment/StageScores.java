package org.gerenb.experiment;

import java.util.List;

/**
 * What is measured after a stage: each task's accuracy by generation (exact match) and by label
 * ranking; the general benchmark's accuracy over all its subjects and over the subjects drawn from
 * replayed (in) and non-replayed (out) domains, with every subject's counts; the held-out perplexity
 * over all texts and over the texts of replayed and non-replayed domains. NaN when not measured.
 */
public record StageScores(double[] generation, double[] ranking, double general, double generalIn,
        double generalOut, List<SubjectScore> subjects, double perplexity, double perplexityIn,
        double perplexityOut, double seconds) {

    /** Whether general capability or perplexity was measured at this stage. */
    public boolean generalMeasured() {
        return !Double.isNaN(general) || !Double.isNaN(perplexity);
    }

    /** One benchmark subject's result at a stage. */
    public record SubjectScore(String subject, String category, int correct, int questions) {
    }
}
