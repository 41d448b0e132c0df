package org.gerenb.train;

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
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;

/**
 * Training steps of a random-weight model of any config.json on any device, full fine-tuning or LoRA, on
 * random tokens: what environment/gpu_check.sh times beside ./gere plan. fp32 (the only precision this
 * project trains in; DJL cannot hold BF16 tensors).
 */
public final class ConfigStep implements AutoCloseable {
    private final LlamaModel model;
    private final Map<String, NDArray> trainable;
    private final AdamW optimizer;
    private final long[] tokens;
    private final Shape shape;

    public ConfigStep(LlamaConfig config, Device device, int microBatch, int sequenceLength, LoraConfig lora) {
        model = LlamaModel.initialize(config, device, 0);
        trainable = lora == null ? model.parameters() : LoraAdapters.attach(model, lora).parameters();
        trainable.values().forEach(p -> p.setRequiresGradient(true));
        optimizer = new AdamW(trainable, 0.0);
        shape = new Shape(microBatch, sequenceLength);
        tokens = new Random(1).longs(shape.size(), 0, config.vocabSize()).toArray();
    }

    public long trainableParameters() {
        return trainable.values().stream().mapToLong(NDArray::size).sum();
    }

    /** Seconds of one step: forward, mean CE, backward, AdamW; the loss read back forces it to finish. */
    public double step() {
        NDManager manager = model.manager();
        long start = System.nanoTime();
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray ids = manager.create(tokens, shape);
            NDArray mean = CausalLmLoss.mean(model.forward(ids, manager.ones(shape, DataType.INT64)).logits(), ids);
            collector.backward(mean);
        }
        optimizer.step(1e-5);
        trainable.values().iterator().next().sum().getFloat(); // waits for the GPU
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        optimizer.close();
        model.close();
    }
}
