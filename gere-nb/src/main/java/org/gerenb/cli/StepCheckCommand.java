package org.gerenb.cli;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.gerenb.model.LlamaConfig;
import org.gerenb.train.ConfigStep;
import org.gerenb.train.LoraConfig;

/**
 * ./gere step-check --model DIR [--regime lora|full] [--micro-batch B] [--seq T] [--steps N] [--device D]:
 * times training steps of a random-weight model built from DIR/config.json (no weights read). The first
 * step is warm-up; prints "step-check: ... step_s X tokens_per_s Y trainable N" for gpu_check.sh.
 */
final class StepCheckCommand {

    private StepCheckCommand() {
    }

    static void run(Args args) {
        Path dir = args.path("model");
        String regime = args.string("regime", "lora");
        int microBatch = args.integer("micro-batch", 1);
        int seq = args.integer("seq", 563);
        int steps = args.integer("steps", 2);
        Device device = args.device();
        args.requireAllUsed();
        if (!regime.equals("lora") && !regime.equals("full")) {
            throw new Args.UsageException("step-check: --regime expects lora or full, got '" + regime + "'");
        }
        Path config = Files.isDirectory(dir) ? dir.resolve("config.json") : dir;
        LoraConfig lora = regime.equals("lora") ? LoraConfig.paperDefault() : null;
        try (ConfigStep step = new ConfigStep(LlamaConfig.read(config), device, microBatch, seq, lora)) {
            double seconds = Double.NaN;
            for (int i = 0; i < Math.max(2, steps); i++) {
                seconds = step.step();
            }
            System.out.printf(Locale.ROOT, "step-check: regime %s micro_batch %d seq %d step_s %.3f tokens_per_s %.1f "
                    + "trainable %d%n", regime, microBatch, seq, seconds, microBatch * seq / seconds,
                    step.trainableParameters());
        }
    }
}
