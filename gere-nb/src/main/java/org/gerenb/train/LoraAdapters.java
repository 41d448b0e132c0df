package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gerenb.model.LinearAdapter;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.Scalars;

/** Attaches LoRA pairs to a model's projections and merges them back into the weights for saving. */
public final class LoraAdapters {

    private final LlamaModel model;
    private final LoraConfig config;
    private final Map<String, NDArray[]> pairs = new LinkedHashMap<>();
    private boolean training = true;

    private LoraAdapters(LlamaModel model, LoraConfig config) {
        this.model = model;
        this.config = config;
    }

    /** A ~ U(-1/sqrt(in), 1/sqrt(in)) (Kaiming-uniform with a = sqrt(5), as PEFT's default), B = 0. */
    public static LoraAdapters attach(LlamaModel model, LoraConfig config) {
        LoraAdapters adapters = new LoraAdapters(model, config);
        NDManager manager = model.manager();
        for (String name : model.parameters().keySet()) {
            String projection = name.substring(0, name.length() - ".weight".length());
            if (name.endsWith(".weight") && config.targets().stream().anyMatch(t -> projection.endsWith("." + t))) {
                Shape shape = model.parameters().get(name).getShape();
                float bound = (float) (1 / Math.sqrt(shape.get(1)));
                NDArray a = manager.randomUniform(-bound, bound, new Shape(config.rank(), shape.get(1)), DataType.FLOAT32);
                NDArray b = manager.zeros(new Shape(shape.get(0), config.rank()));
                adapters.pairs.put(projection, new NDArray[] {a, b});
                model.attachAdapter(projection, adapters.delta(a, b));
            }
        }
        if (adapters.pairs.isEmpty()) {
            throw new IllegalArgumentException("no projection matches LoRA targets " + config.targets());
        }
        return adapters;
    }

    private LinearAdapter delta(NDArray a, NDArray b) {
        float scale = (float) config.scale();
        return x -> {
            NDArray dropped = training && config.dropout() > 0
                    ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow() : x;
            NDArray low = Linear.linear(dropped, a).singletonOrThrow();
            return Scalars.times(Linear.linear(low, b).singletonOrThrow(), scale);
        };
    }

    /** Trainable parameters, by "projection.lora_A.weight" / "projection.lora_B.weight". */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> named = new LinkedHashMap<>();
        pairs.forEach((projection, ab) -> {
            named.put(projection + ".lora_A.weight", ab[0]);
            named.put(projection + ".lora_B.weight", ab[1]);
        });
        return named;
    }

    /** Dropout is only active while training; evaluation uses the deterministic adapted model. */
    public void training(boolean on) {
        training = on;
    }

    /** W <- W + (alpha / r) B A for every pair, then the adapters are removed from the model. */
    public void mergeIntoWeights() {
        pairs.forEach((projection, ab) -> {
            NDArray weight = model.parameters().get(projection + ".weight");
            NDArray merged = weight.add(ab[1].matMul(ab[0]).mul((float) config.scale()));
            model.replaceParameter(projection + ".weight", merged);
        });
        model.detachAdapters();
        pairs.values().forEach(ab -> {
            ab[0].close();
            ab[1].close();
        });
        pairs.clear();
    }
}
