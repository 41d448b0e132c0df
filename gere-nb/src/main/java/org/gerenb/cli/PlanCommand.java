package org.gerenb.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gerenb.experiment.ExperimentSpec;
import org.gerenb.experiment.RunSpec;
import org.gerenb.model.LlamaConfig;
import org.gerenb.train.MemoryPlan.Component;
import org.gerenb.train.MemoryPlan.Precision;
import org.gerenb.train.MemoryPlan.Regime;
import org.gerenb.train.MemoryPlan;
import org.gerenb.train.TaskEncoder;

/**
 * ./gere plan SPEC [--scale S] [--model DIR] [--gpu-gib N] [--micro-batch B]: the GPU memory of one training step of the
 * spec's runs, from the model's config.json alone, for full fine-tuning and LoRA, in fp32 and bf16
 * autocast. Each regime ends with "total GiB: N" and, with --gpu-gib, whether it fits.
 */
final class PlanCommand {

    private PlanCommand() {
    }

    static void run(Args args, String spec) {
        String scale = args.string("scale", System.getenv().getOrDefault("GERE_SCALE", "full"));
        Path modelOverride = args.path("model", null);
        double gpuGib = args.number("gpu-gib", Double.NaN);
        int microBatch = args.integer("micro-batch", 0);
        args.requireAllUsed();
        ExperimentSpec scaled = specOf(spec).atScale(scale);
        RunSpec run = (microBatch > 0 ? scaled.with("{\"training\": {\"micro_batch\": " + microBatch + "}}") : scaled)
                .runs().get(0);
        Path model = modelOverride != null ? modelOverride : run.model();
        System.out.print(report(LlamaConfig.read(model.resolve("config.json")), run, model, scale, gpuGib));
    }

    private static ExperimentSpec specOf(String spec) {
        return ExperimentSpec.BUILT_IN.contains(spec) ? ExperimentSpec.builtIn(spec) : ExperimentSpec.read(Path.of(spec));
    }

    /** The longest item a step sees: a task item (source + target) or a replay sample. */
    static int sequenceLength(RunSpec run) {
        return Math.max(run.tasks().maxSourceTokens() + TaskEncoder.MAX_TARGET_TOKENS, run.replay().maxLength());
    }

    static String report(LlamaConfig config, RunSpec run, Path model, String scale, double gpuGib) {
        int microBatch = run.training().microBatch();
        MemoryPlan plan = new MemoryPlan(config, microBatch, sequenceLength(run), run.lora());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "plan: %s at %s scale; %s (%s, %.3g parameters, config.json only); micro-batch %d x %d tokens%n",
                run.experiment(), scale, model, config.architecture(), (double) plan.parameters(), microBatch,
                sequenceLength(run)));
        for (Precision precision : Precision.values()) {
            for (Regime regime : List.of(plan.fullFineTuning(precision), plan.lora(precision))) {
                appendRegime(out, regime, gpuGib);
            }
        }
        out.append("not counted: CUDA context (~0.5-1 GiB), allocator fragmentation, a frozen base model (KL)\n");
        return out.toString();
    }

    private static void appendRegime(StringBuilder out, Regime regime, double gpuGib) {
        out.append('\n').append(regime.name()).append(", ").append(regime.precision().label()).append(":\n");
        for (Component part : regime.components()) {
            out.append(String.format(Locale.ROOT, "  %-20s %9.2f GiB  %s%n", part.name(), MemoryPlan.gib(part.bytes()),
                    part.basis()));
        }
        double total = MemoryPlan.gib(regime.totalBytes());
        out.append(String.format(Locale.ROOT, "total GiB: %.2f%s%n", total, Double.isNaN(gpuGib) ? ""
                : total <= gpuGib ? " (fits in " + gpuGib + " GiB)" : " (does not fit in " + gpuGib + " GiB)"));
    }
}
