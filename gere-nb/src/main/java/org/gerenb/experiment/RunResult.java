package org.gerenb.experiment;

import java.util.List;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.report.MethodSummary;
import tech.tablesaw.api.Table;

/** The outcome of one method over the sequence: accuracy matrices, general capability per stage, steps. */
public record RunResult(String method, AccuracyMatrix generation, AccuracyMatrix ranking, double[] general,
        double[] perplexity, Table steps, List<StageScores> stages) {

    public MethodSummary summary() {
        return MethodSummary.of(method, generation, general[general.length - 1], general[0]);
    }
}
