package org.gerenb.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Random;
import org.gerenb.model.CausalLmLoss;
import org.gerenb.model.LlamaModel;
import org.gerenb.train.AdamW;
import org.gerenb.train.GradientClipping;

/**
 * A model, its optimizer and a few random batches, stepped as {@link org.gerenb.train.Trainer} steps:
 * forward + mean CE inside a gradient collector and a step scope, backward, global-norm clipping (1.0),
 * AdamW (lr 1e-4, no weight decay), gradients zeroed by the optimizer.
 */
public final class TrainingStep implements AutoCloseable {

    /** Wall-clock seconds of the three phases of one step and the step's loss. */
    public record Phases(double forward, double backward, double optimizer, float loss) {
    }

    static final double LEARNING_RATE = 1e-4;
    static final double MAX_GRAD_NORM = 1.0;
    private static final int BATCHES = 4;

    private final LlamaModel model;
    private final Map<String, NDArray> parameters;
    private final AdamW optimizer;
    private final long[][] batches = new long[BATCHES][];
    private final Shape shape = new Shape(BenchConfig.BATCH, BenchConfig.SEQ);
    private int step;

    public TrainingStep(BenchConfig config, long seed) {
        model = LlamaModel.initialize(config.llama(), Device.cpu(), seed);
        parameters = model.parameters();
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        optimizer = new AdamW(parameters, 0.0);
        Random random = new Random(seed + 1);
        for (int b = 0; b < BATCHES; b++) {
            batches[b] = random.longs(shape.size(), 0, BenchConfig.VOCAB).toArray();
        }
    }

    public long parameters() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    /** One training step on the next of the random batches (labels = inputs, shifted by the loss). */
    public Phases step() {
        NDManager manager = model.manager();
        long start = System.nanoTime();
        long forwardEnd;
        float loss;
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray ids = manager.create(batches[step++ % BATCHES], shape);
            NDArray mask = manager.ones(shape, DataType.INT64);
            NDArray mean = CausalLmLoss.mean(model.forward(ids, mask).logits(), ids);
            loss = mean.getFloat();
            forwardEnd = System.nanoTime();
            collector.backward(mean);
        }
        long backwardEnd = System.nanoTime();
        GradientClipping.clipGlobalNorm(parameters.values(), MAX_GRAD_NORM);
        optimizer.step(LEARNING_RATE);
        long end = System.nanoTime();
        return new Phases((forwardEnd - start) / 1e9, (backwardEnd - forwardEnd) / 1e9, (end - backwardEnd) / 1e9,
                loss);
    }

    @Override
    public void close() {
        optimizer.close();
        model.close();
    }
}
