package org.gerenb.eval;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Scores R[k][i] of a continual-learning run: stage k = 0 is the base model (R0), stage k >= 1 the
 * model after learning the k-th task; i runs over the N tasks in sequence order. Scores are in any
 * one unit (the paper uses percent). NaN marks a score that was not measured; a metric that needs
 * one is then NaN too, so partial runs still tabulate.
 *
 * <p>Metric definitions, with tasks and stages numbered from 1 as in the spec:
 * AP = mean_i R[N][i]; BWT = mean_{i<N} (R[N][i] - R[i][i]); FWT = mean_{i>=2} (R[i-1][i] - R0[i]);
 * Forgetting = mean_{i<N} (max_{1<=k<N} R[k][i] - R[N][i]) (Chaudhry et al. 2018: the best score at
 * any stage before the last, base model excluded); AIA = mean_{k=1..N} mean_{i<=k} R[k][i].
 */
public final class AccuracyMatrix {
    private final List<String> tasks;
    private final double[][] scores;

    /** {@code scores} has N + 1 rows (stages 0..N) of N columns (tasks in order). */
    public AccuracyMatrix(List<String> tasks, double[][] scores) {
        this.tasks = List.copyOf(tasks);
        if (this.tasks.isEmpty()) {
            throw new IllegalArgumentException("an accuracy matrix needs at least one task");
        }
        requireShape(scores, this.tasks.size());
        this.scores = Arrays.stream(scores).map(double[]::clone).toArray(double[][]::new);
    }

    /** A matrix with every score still unmeasured (NaN). */
    public static AccuracyMatrix unmeasured(List<String> tasks) {
        double[][] scores = new double[tasks.size() + 1][tasks.size()];
        for (double[] row : scores) {
            Arrays.fill(row, Double.NaN);
        }
        return new AccuracyMatrix(tasks, scores);
    }

    /** A copy with R[stage][task] set; {@code task} is the 0-based position in the sequence. */
    public AccuracyMatrix with(int stage, int task, double score) {
        if (stage < 0 || stage > taskCount() || task < 0 || task >= taskCount()) {
            throw new IllegalArgumentException("R[" + stage + "][" + task + "] is outside stages 0.." + taskCount()
                    + " and tasks 0.." + (taskCount() - 1));
        }
        double[][] copy = Arrays.stream(scores).map(double[]::clone).toArray(double[][]::new);
        copy[stage][task] = score;
        return new AccuracyMatrix(tasks, copy);
    }

    public AccuracyMatrix with(int stage, String task, double score) {
        return with(stage, taskIndex(task), score);
    }

    public List<String> tasks() {
        return tasks;
    }

    public int taskCount() {
        return tasks.size();
    }

    /** R[stage][task] with {@code task} 0-based; stage 0 is the base model. */
    public double score(int stage, int task) {
        return scores[stage][task];
    }

    public int taskIndex(String task) {
        int index = tasks.indexOf(task);
        if (index < 0) {
            throw new IllegalArgumentException("task \"" + task + "\" is not in " + tasks);
        }
        return index;
    }

    /** Average performance after the last task. */
    public double ap() {
        int last = taskCount();
        return mean(0, taskCount(), task -> scores[last][task]);
    }

    /** Backward transfer: how the final model differs from the model that had just learned each task. */
    public double bwt() {
        int last = taskCount();
        return mean(0, taskCount() - 1, task -> scores[last][task] - scores[task + 1][task]);
    }

    /** Forward transfer: how learning the earlier tasks changed each task's score before it was learned. */
    public double fwt() {
        return mean(1, taskCount(), task -> scores[task][task] - scores[0][task]);
    }

    public double forgetting() {
        int last = taskCount();
        return mean(0, taskCount() - 1, task -> bestBeforeLast(task) - scores[last][task]);
    }

    /** Average incremental accuracy: the mean, over stages 1..N, of the mean score on the tasks seen so far. */
    public double averageIncrementalAccuracy() {
        return mean(1, taskCount() + 1, stage -> mean(0, stage, task -> scores[stage][task]));
    }

    /** The paper's "F1 Avg": the harmonic mean of general capability and AP (same unit). */
    public static double f1Avg(double general, double ap) {
        return general + ap == 0 ? 0 : 2 * general * ap / (general + ap);
    }

    private double bestBeforeLast(int task) {
        return IntStream.range(1, taskCount()).mapToDouble(stage -> scores[stage][task])
                .reduce(Double.NEGATIVE_INFINITY, Math::max);
    }

    // The mean of f over [from, to); NaN for an empty range, where the metric is undefined.
    private static double mean(int from, int to, IntToDoubleFunction f) {
        return IntStream.range(from, to).mapToDouble(f).average().orElse(Double.NaN);
    }

    private static void requireShape(double[][] scores, int taskCount) {
        if (scores.length != taskCount + 1) {
            throw new IllegalArgumentException("expected " + (taskCount + 1) + " stages (base model + one per task), got "
                    + scores.length);
        }
        for (int stage = 0; stage < scores.length; stage++) {
            if (scores[stage].length != taskCount) {
                throw new IllegalArgumentException("stage " + stage + " has " + scores[stage].length
                        + " scores, expected " + taskCount);
            }
        }
    }
}
