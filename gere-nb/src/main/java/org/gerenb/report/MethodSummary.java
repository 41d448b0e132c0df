package org.gerenb.report;

import org.gerenb.eval.AccuracyMatrix;

/**
 * One method's headline numbers. {@code general} is the general-capability score (e.g. MMLU) after
 * the last task, {@code generalDelta} its change from the base model, and {@code f1Avg} the
 * harmonic mean of general and AP, the paper's "F1 Avg".
 */
public record MethodSummary(String method, double ap, double bwt, double fwt, double forgetting, double aia,
        double general, double generalDelta, double f1Avg) {

    public static MethodSummary of(String method, AccuracyMatrix matrix, double general, double generalBase) {
        return new MethodSummary(method, matrix.ap(), matrix.bwt(), matrix.fwt(), matrix.forgetting(),
                matrix.averageIncrementalAccuracy(), general, general - generalBase,
                AccuracyMatrix.f1Avg(general, matrix.ap()));
    }
}
