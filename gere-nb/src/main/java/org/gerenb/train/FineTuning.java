package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.gerenb.model.LlamaModel;
import tech.tablesaw.api.Table;

/** One task's fine-tuning, as the fluent API and the experiments both run it. */
public final class FineTuning {

    private FineTuning() {
    }

    /**
     * Trains {@code model} on a task's items: with LoRA ({@code lora} not null) fresh adapters are trained and
     * merged into the weights at the end, so the next task starts from the merged model; otherwise every
     * weight is trained and frozen again afterwards. Returns the step log.
     */
    public static Table run(LlamaModel model, LoraConfig lora, ReplayStrategy strategy, TrainOptions options,
            ReplayContext replay, long padId, String task, List<TrainingItem> items) {
        LoraAdapters adapters = lora == null ? null : LoraAdapters.attach(model, lora);
        Map<String, NDArray> trainable = adapters == null ? model.parameters() : adapters.parameters();
        try {
            return new Trainer(model, trainable, strategy, options, replay, padId).train(task, items);
        } finally {
            // an interrupted task leaves the model as a finished one would, minus the steps not taken
            if (adapters != null) {
                adapters.mergeIntoWeights();
            } else {
                trainable.values().forEach(p -> p.setRequiresGradient(false));
            }
        }
    }
}
