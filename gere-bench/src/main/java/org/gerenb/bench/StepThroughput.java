package org.gerenb.bench;

/** Training-step throughput of one configuration: warm-up steps, then timed steps, phase by phase. */
public final class StepThroughput {

    /** Mean phase times (ms) over the timed steps; peak RSS of this configuration alone where measurable. */
    public record Result(BenchConfig config, long parameters, int steps, double forwardMs, double backwardMs,
            double optimizerMs, double peakRssMb, double rssMb, float firstLoss, float lastLoss) {

        public double stepMs() {
            return forwardMs + backwardMs + optimizerMs;
        }

        public double tokensPerSecond() {
            return BenchConfig.tokensPerStep() / (stepMs() / 1000);
        }
    }

    private StepThroughput() {
    }

    public static Result measure(BenchConfig config, int warmup, int steps, long seed) {
        if (steps <= 0 || warmup < 0) {
            throw new IllegalArgumentException("steps must be positive and warm-up steps >= 0");
        }
        System.gc();
        ProcessMemory.resetPeak();
        double forward = 0;
        double backward = 0;
        double optimizer = 0;
        float first = Float.NaN;
        float last = Float.NaN;
        try (TrainingStep training = new TrainingStep(config, seed)) {
            for (int i = 0; i < warmup + steps; i++) {
                TrainingStep.Phases p = training.step();
                first = i == 0 ? p.loss() : first;
                last = p.loss();
                if (i >= warmup) {
                    forward += p.forward();
                    backward += p.backward();
                    optimizer += p.optimizer();
                }
            }
            double ms = 1000.0 / steps;
            return new Result(config, training.parameters(), steps, forward * ms, backward * ms, optimizer * ms,
                    ProcessMemory.peakRssMb(), ProcessMemory.rssMb(), first, last);
        }
    }
}
