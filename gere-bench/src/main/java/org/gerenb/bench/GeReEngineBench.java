package org.gerenb.bench;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gerenb.data.ReplaySet;
import org.gerenb.loss.ConstraintWeight;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.WeightPrecision;
import org.gerenb.reference.Reference;
import org.gerenb.reference.ReferenceCache;
import org.gerenb.reference.ReferenceKind;
import org.gerenb.runtime.FileTrees;
import org.gerenb.train.ReferenceTargets;
import org.gerenb.train.ReplayConstraint;
import org.gerenb.train.ReplayContext;
import org.gerenb.train.ReplayStrategy;
import org.gerenb.train.StepLog;
import org.gerenb.train.TrainOptions;
import org.gerenb.train.Trainer;
import org.gerenb.train.TrainingItem;
import tech.tablesaw.api.Table;

/**
 * What GeRe adds to a training run, measured with the real {@link Trainer} on a random model: the step time
 * of BaselineR+TM (w=100) against replay label fitting alone, the size of the 2-bit region store against
 * float32 states, and the speed of the reference pass that builds it.
 *
 * <p>Label fitting is timed twice: with no reference at all (replay CE only) and with the region
 * reference attached, as experiments run it (the trainer then also computes the violation rate for the log).
 * All items are {@link BenchConfig#SEQ} tokens long and the three runs share one batch plan (same seed), so
 * every step holds the same tokens; the runs are interleaved over rounds, in rotating order, to spread out
 * machine noise, and medians are reported beside means.
 */
public final class GeReEngineBench {

    public static final int TASK_ITEMS = 64;
    public static final int REPLAY_SAMPLES = 128;
    static final double K = 1.0;
    static final double TM_WEIGHT = 100;

    /**
     * Wall-clock step times of one strategy over the timed steps of all rounds, and the training thread's CPU
     * time per step over whole runs, which other processes on the machine disturb far less.
     */
    public record StepTimes(List<Double> millis, double cpuMillisPerStep) {

        public double mean() {
            return millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        public double median() {
            return Median.of(millis);
        }
    }

    /** The three strategies' step times and the reference's figures. */
    public record Result(BenchConfig config, int stepsPerRun, int rounds, StepTimes replayCe,
            StepTimes replayCeLogged, StepTimes tm, long storeBytes, long float32Bytes, Reference.Build build) {

        public double storeRatio() {
            return (double) float32Bytes / storeBytes;
        }
    }

    private GeReEngineBench() {
    }

    /** About warmup + steps optimizer steps per run (whole epochs of 24 steps), in each of the rounds. */
    public static Result measure(BenchConfig config, int warmup, int steps, int rounds, long seed) {
        Path work = null;
        try (LlamaModel model = LlamaModel.initialize(config.llama(), Device.cpu(), seed)) {
            work = Files.createTempDirectory("gere-bench-");
            Path modelDir = work.resolve("model");
            Checkpoint.save(model, null, modelDir, WeightPrecision.F32);
            Random random = new Random(seed + 1);
            ReplaySet replay = randomReplay(random);
            List<TrainingItem> task = new ArrayList<>();
            int half = BenchConfig.SEQ / 2;
            for (int i = 0; i < TASK_ITEMS; i++) {
                task.add(TrainingItem.task(randomIds(random, half), randomIds(random, half)));
            }
            try (Reference reference = ReferenceCache.obtain(model, modelDir, replay, K, ReferenceKind.REGIONS,
                    work.resolve("cache"), 8)) {
                ReplayContext bare = new ReplayContext(replay, null, null);
                ReplayContext regions = new ReplayContext(replay, new ReferenceTargets(reference, null), null);
                ReplayStrategy tm = ReplayStrategy.constrained(new ReplayConstraint.Tm(),
                        ConstraintWeight.of(TM_WEIGHT));
                int perEpoch = (TASK_ITEMS + REPLAY_SAMPLES) / BenchConfig.BATCH;
                TrainOptions options = TrainOptions.defaults().probeEvery(0)
                        .epochs(Math.max(1, (warmup + steps + perEpoch - 1) / perEpoch));
                List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                double[] cpuMillis = new double[3];
                int[] stepCounts = new int[3];
                stepMillis(model, tm, options.epochs(1), regions, task); // untimed: JIT and allocator warm-up
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < 3; i++) { // the order rotates, so that a drift in load favours none
                        int which = (round + i) % 3;
                        ReplayStrategy strategy = which == 2 ? tm : ReplayStrategy.labelFitting();
                        long cpuStart = threadCpuNanos();
                        double[] millis = stepMillis(model, strategy, options, which == 0 ? bare : regions, task);
                        cpuMillis[which] += (threadCpuNanos() - cpuStart) / 1e6;
                        stepCounts[which] += millis.length;
                        for (int step = warmup; step < millis.length; step++) {
                            times.get(which).add(millis[step]);
                        }
                    }
                }
                StepTimes[] results = new StepTimes[3];
                for (int i = 0; i < 3; i++) {
                    results[i] = new StepTimes(times.get(i), cpuMillis[i] / stepCounts[i]);
                }
                return new Result(config, times.get(0).size() / rounds, rounds, results[0], results[1], results[2],
                        reference.regions().bytes(), reference.regions().float32Bytes(), reference.build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the GeRe bench", e);
        } finally {
            FileTrees.delete(work);
        }
    }

    /**
     * Trains once and returns every step's time from the step log: every step holds BATCH items of SEQ
     * tokens, so its seconds are those tokens over the logged tokens/s.
     */
    private static double[] stepMillis(LlamaModel model, ReplayStrategy strategy, TrainOptions options,
            ReplayContext context, List<TrainingItem> task) {
        Table log = new Trainer(model, model.parameters(), strategy, options, context, 0).train("bench", task);
        double[] tokensPerSecond = log.doubleColumn(StepLog.TOKENS_PER_S).asDoubleArray();
        double[] millis = new double[tokensPerSecond.length];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = 1000.0 * BenchConfig.tokensPerStep() / tokensPerSecond[i];
        }
        return millis;
    }

    /** CPU time of this thread, which runs the trainer (and all of the engine's work at one intra-op thread). */
    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static ReplaySet randomReplay(Random random) {
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < REPLAY_SAMPLES; i++) {
            samples.add(randomIds(random, BenchConfig.SEQ));
        }
        return new ReplaySet(List.copyOf(samples), Path.of("random-replay.jsonl"), BenchConfig.SEQ,
                "bench-random-" + random.nextLong());
    }

    private static long[] randomIds(Random random, int length) {
        return random.longs(length, 0, BenchConfig.VOCAB).toArray();
    }
}
