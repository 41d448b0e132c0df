package org.gerenb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Resident memory over a long run of training steps: with every step's tensors freed by its scope, RSS
 * should level off after the first steps (allocator caches, JIT) and not grow with the step count.
 */
public final class MemoryGrowth {

    /** RSS after a given number of completed steps, and the part of it that is Java heap. */
    public record Sample(int step, double rssMb, double javaHeapRssMb) {

        /** Native tensors, the engine's allocator caches, JIT code, metaspace: what a tensor leak would grow. */
        public double outsideHeapMb() {
            return rssMb - javaHeapRssMb;
        }
    }

    /** The samples, first to last; growth is last minus first. */
    public record Result(BenchConfig config, List<Sample> samples, double seconds) {

        public double growthMb() {
            return last().rssMb() - samples.get(0).rssMb();
        }

        public double outsideHeapGrowthMb() {
            return last().outsideHeapMb() - samples.get(0).outsideHeapMb();
        }

        private Sample last() {
            return samples.get(samples.size() - 1);
        }
    }

    private MemoryGrowth() {
    }

    /** RSS at steps 10, 100, 1000, 10000 ... up to and including the last step. */
    public static Result measure(BenchConfig config, int steps, long seed) {
        TreeSet<Integer> checkpoints = new TreeSet<>();
        for (int s = 10; s < steps; s *= 10) {
            checkpoints.add(s);
        }
        checkpoints.add(steps);
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (TrainingStep training = new TrainingStep(config, seed)) {
            for (int step = 1; step <= steps; step++) {
                training.step();
                if (checkpoints.contains(step)) {
                    samples.add(new Sample(step, ProcessMemory.rssMb(), ProcessMemory.javaHeapRssMb()));
                }
            }
        }
        return new Result(config, samples, (System.nanoTime() - start) / 1e9);
    }
}
