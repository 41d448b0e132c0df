package org.gerenb.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.report.MethodSummary;
import tech.tablesaw.api.Table;

/**
 * The outcome of one method with one seed over the sequence: accuracy matrices by generation and by
 * ranking (the primary one feeds AP, BWT, FWT and F1 Avg), the scores of every stage, the step log.
 */
public record RunResult(String method, int seed, RunSpec.Primary primary, AccuracyMatrix generation,
        AccuracyMatrix ranking, Table steps, List<StageScores> stages) {

    /** The matrix of the primary downstream metric. */
    public AccuracyMatrix primaryMatrix() {
        return primary == RunSpec.Primary.RANKING ? ranking : generation;
    }

    /** The general benchmark's accuracy at every stage (stage 0 = base model). */
    public double[] general() {
        return perStage(StageScores::general);
    }

    public double[] perplexity() {
        return perStage(StageScores::perplexity);
    }

    public double[] perStage(ToDoubleFunction<StageScores> measure) {
        return stages.stream().mapToDouble(measure).toArray();
    }

    public MethodSummary summary() {
        double[] general = general();
        return MethodSummary.of(method, primaryMatrix(), general[general.length - 1], general[0]);
    }

    /**
     * Every headline metric of the run, by name: AP, BWT, FWT, forgetting and AIA of the primary metric,
     * AP and BWT of both metrics, general capability (all, in, out) after the last task and its change
     * from the base model, perplexities (all, in, out), and F1 Avg of general and AP.
     */
    public Map<String, Double> metrics() {
        AccuracyMatrix primaryMatrix = primaryMatrix();
        StageScores base = stages.get(0);
        StageScores last = stages.get(stages.size() - 1);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ap", primaryMatrix.ap());
        m.put("bwt", primaryMatrix.bwt());
        m.put("fwt", primaryMatrix.fwt());
        m.put("forgetting", primaryMatrix.forgetting());
        m.put("aia", primaryMatrix.averageIncrementalAccuracy());
        m.put("ap_ranking", ranking.ap());
        m.put("bwt_ranking", ranking.bwt());
        m.put("ap_generation", generation.ap());
        m.put("bwt_generation", generation.bwt());
        m.put("general", last.general());
        m.put("general_delta", last.general() - base.general());
        m.put("general_in", last.generalIn());
        m.put("general_in_delta", last.generalIn() - base.generalIn());
        m.put("general_out", last.generalOut());
        m.put("general_out_delta", last.generalOut() - base.generalOut());
        m.put("perplexity", last.perplexity());
        m.put("perplexity_in", last.perplexityIn());
        m.put("perplexity_out", last.perplexityOut());
        m.put("f1_avg", AccuracyMatrix.f1Avg(last.general(), primaryMatrix.ap()));
        return m;
    }
}
