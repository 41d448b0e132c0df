package org.gerenb.train;

/**
 * Optimisation settings for one task. Defaults follow the reference code's full fine-tuning (cosine,
 * 10 warm-up steps, 3 epochs) with a learning rate and batch sized for the embedded CPU model.
 */
public record TrainOptions(int epochs, double learningRate, int warmupSteps, LearningRateSchedule.Shape schedule,
        int globalBatch, int microBatch, double maxGradNorm, double weightDecay, long seed, int probeEvery) {

    public static TrainOptions defaults() {
        return new TrainOptions(3, 1e-4, 10, LearningRateSchedule.Shape.COSINE, 8, 8, 1.0, 0.0, 42, 10);
    }

    public TrainOptions {
        requireAtLeast("epochs", epochs, 1);
        if (!(learningRate > 0)) {
            throw invalid("learning rate", Double.toString(learningRate), "> 0");
        }
        requireAtLeast("warm-up steps", warmupSteps, 0);
        requireAtLeast("global batch", globalBatch, 1);
        requireAtLeast("micro-batch", microBatch, 1);
    }

    private static void requireAtLeast(String option, int value, int least) {
        if (value < least) {
            throw invalid(option, Integer.toString(value), ">= " + least);
        }
    }

    private static IllegalArgumentException invalid(String option, String value, String allowed) {
        return new IllegalArgumentException("training option " + option + " = " + value + ": must be " + allowed);
    }

    public TrainOptions epochs(int n) {
        return new TrainOptions(n, learningRate, warmupSteps, schedule, globalBatch, microBatch, maxGradNorm,
                weightDecay, seed, probeEvery);
    }

    public TrainOptions learningRate(double lr) {
        return new TrainOptions(epochs, lr, warmupSteps, schedule, globalBatch, microBatch, maxGradNorm,
                weightDecay, seed, probeEvery);
    }

    public TrainOptions warmupSteps(int n) {
        return new TrainOptions(epochs, learningRate, n, schedule, globalBatch, microBatch, maxGradNorm,
                weightDecay, seed, probeEvery);
    }

    public TrainOptions schedule(LearningRateSchedule.Shape s) {
        return new TrainOptions(epochs, learningRate, warmupSteps, s, globalBatch, microBatch, maxGradNorm,
                weightDecay, seed, probeEvery);
    }

    /** Global batch B processed as micro-batches of m with gradient accumulation. */
    public TrainOptions batch(int global, int micro) {
        return new TrainOptions(epochs, learningRate, warmupSteps, schedule, global, Math.min(micro, global),
                maxGradNorm, weightDecay, seed, probeEvery);
    }

    public TrainOptions maxGradNorm(double n) {
        return new TrainOptions(epochs, learningRate, warmupSteps, schedule, globalBatch, microBatch, n,
                weightDecay, seed, probeEvery);
    }

    public TrainOptions weightDecay(double wd) {
        return new TrainOptions(epochs, learningRate, warmupSteps, schedule, globalBatch, microBatch, maxGradNorm,
                wd, seed, probeEvery);
    }

    public TrainOptions seed(long s) {
        return new TrainOptions(epochs, learningRate, warmupSteps, schedule, globalBatch, microBatch, maxGradNorm,
                weightDecay, s, probeEvery);
    }

    /** Measure the violation rate on a fixed replay probe every n steps when no replay batch shows it. */
    public TrainOptions probeEvery(int n) {
        return new TrainOptions(epochs, learningRate, warmupSteps, schedule, globalBatch, microBatch, maxGradNorm,
                weightDecay, seed, n);
    }
}
