package org.gerenb.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gerenb.model.LlamaConfig;

/**
 * GPU memory one training step needs, estimated from config.json alone (no weights): weights, gradients,
 * AdamW state and the activations autograd keeps for backward at one micro-batch of b sequences of s tokens.
 *
 * <p>Precisions: {@link Precision#FP32} is what this project runs today. {@link Precision#BF16_AUTOCAST}
 * follows Hugging Face's bf16=True: fp32 master weights, gradients and AdamW state, with every matmul in
 * bf16, so each weight also lives as a bf16 copy (saved for backward) and matmul inputs are bf16, while
 * RMSNorm inputs, softmax outputs and the loss's log-probabilities stay fp32.
 *
 * <p>Activations per decoder layer, in elements (h hidden, q = heads x head_dim, I intermediate): two
 * RMSNorm inputs (2 b s h); for full fine-tuning the inputs of the seven projections (b s h for q/k/v,
 * b s q for o, b s h for gate/up, b s I for down); rotated q and the keys and values the attention uses
 * (at their own kv heads: each group of query heads reads them without copies); the attention probabilities (b heads s s, eager attention); gate, up
 * and SiLU(gate) (3 b s I). LoRA keeps no inputs of frozen projections but, per adapted projection, its
 * dropout mask (1 byte) and dropped input. The head adds the final norm's input, lm_head's input (full
 * fine-tuning) and, per logit, the log-probabilities and their gradient. Not counted: the CUDA context
 * (about 0.5-1 GiB), allocator fragmentation, a frozen base model (KL) or reference states on the GPU.
 */
public final class MemoryPlan {

    /** How parameters and activations are stored during the step. */
    public enum Precision {
        FP32("fp32"), BF16_AUTOCAST("bf16 autocast");

        private final String label;

        Precision(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Bytes per element of a matmul input or output: bf16 under autocast. */
        int matmul() {
            return this == FP32 ? 4 : 2;
        }
    }

    /** One line of the plan. */
    public record Component(String name, long bytes, String basis) {
    }

    /** The components of one regime (full fine-tuning or LoRA) at one precision. */
    public record Regime(String name, Precision precision, List<Component> components) {
        public long totalBytes() {
            return components.stream().mapToLong(Component::bytes).sum();
        }
    }

    static final double GIB = 1024.0 * 1024 * 1024;

    private final LlamaConfig config;
    private final int microBatch;
    private final int sequenceLength;
    private final LoraConfig lora;

    public MemoryPlan(LlamaConfig config, int microBatch, int sequenceLength, LoraConfig lora) {
        if (microBatch < 1 || sequenceLength < 1) {
            throw new IllegalArgumentException("micro-batch and sequence length must be >= 1, got " + microBatch
                    + " and " + sequenceLength);
        }
        this.config = config;
        this.microBatch = microBatch;
        this.sequenceLength = sequenceLength;
        this.lora = lora;
    }

    public static double gib(long bytes) {
        return bytes / GIB;
    }

    /** Every weight of the model, embeddings and (untied) lm_head included. */
    public long parameters() {
        long h = config.hiddenSize();
        long q = (long) config.heads() * config.headDim();
        long kv = (long) config.kvHeads() * config.headDim();
        long attention = h * q + 2 * h * kv + q * h + (config.qkvBias() ? q + 2 * kv : 0) + (config.outputBias() ? h : 0);
        long mlp = 3 * h * config.intermediateSize();
        long layer = attention + mlp + 2 * h;
        long embeddings = (long) config.vocabSize() * h * (config.tieWordEmbeddings() ? 1 : 2);
        return embeddings + config.layers() * layer + h;
    }

    /** The LoRA A and B matrices: r x (in + out) per adapted projection and layer. */
    public long loraParameters() {
        long perLayer = 0;
        for (String target : lora.targets()) {
            long[] shape = projectionShape(target);
            perLayer += (long) lora.rank() * (shape[0] + shape[1]);
        }
        return perLayer * config.layers();
    }

    public Regime fullFineTuning(Precision precision) {
        long n = parameters();
        List<Component> parts = new ArrayList<>();
        parts.add(new Component("weights", 4 * n, count(n) + " params x 4 B (fp32" + master(precision) + ")"));
        addWeightCopies(parts, precision, n);
        parts.add(new Component("gradients", 4 * n, count(n) + " params x 4 B (fp32)"));
        parts.add(new Component("optimizer state", 8 * n, "AdamW m and v, " + count(n) + " x 8 B (fp32)"));
        parts.add(new Component("activations", activations(precision, false), batchBasis()));
        return new Regime("full fine-tuning", precision, parts);
    }

    public Regime lora(Precision precision) {
        long n = parameters();
        long trainable = loraParameters();
        List<Component> parts = new ArrayList<>();
        parts.add(new Component("weights", 4 * n + 4 * trainable, count(n) + " frozen + " + count(trainable)
                + " LoRA params x 4 B (fp32)"));
        addWeightCopies(parts, precision, n);
        parts.add(new Component("gradients", 4 * trainable, count(trainable) + " LoRA params x 4 B"));
        parts.add(new Component("optimizer state", 8 * trainable, "AdamW m and v of the LoRA params"));
        parts.add(new Component("activations", activations(precision, true), batchBasis()));
        return new Regime("LoRA r " + lora.rank() + " on " + String.join(",", lora.targets()), precision, parts);
    }

    private static String master(Precision precision) {
        return precision == Precision.FP32 ? "" : " master";
    }

    private static void addWeightCopies(List<Component> parts, Precision precision, long n) {
        if (precision == Precision.BF16_AUTOCAST) {
            parts.add(new Component("bf16 weight copies", 2 * n, "autocast casts kept for backward, " + count(n)
                    + " x 2 B"));
        }
    }

    private String batchBasis() {
        return "micro-batch " + microBatch + " x " + sequenceLength + " tokens";
    }

    /** Bytes autograd keeps from the forward pass until backward, all layers and the head. */
    long activations(Precision precision, boolean loraOnly) {
        long perLayer = loraOnly ? loraLayerActivations(precision) : fullLayerActivations(precision);
        return config.layers() * perLayer + headActivations(precision, loraOnly);
    }

    private long fullLayerActivations(Precision p) {
        long bsh = tokens() * config.hiddenSize();
        long bsq = tokens() * config.heads() * config.headDim();
        long bsi = tokens() * config.intermediateSize();
        long projectionInputs = bsh + bsq + bsh + bsi;
        return 4 * 2 * bsh + p.matmul() * projectionInputs + sharedLayerActivations(p);
    }

    private long loraLayerActivations(Precision p) {
        long bsh = tokens() * config.hiddenSize();
        long adapters = 0;
        for (String target : lora.targets()) {
            long in = tokens() * projectionShape(target)[0];
            adapters += in /* dropout mask, 1 B */ + p.matmul() * (in + tokens() * lora.rank());
        }
        return 4 * 2 * bsh + adapters + sharedLayerActivations(p);
    }

    /** What both regimes keep: attention inputs and probabilities, the MLP's elementwise tensors. */
    private long sharedLayerActivations(Precision p) {
        long bsq = tokens() * config.heads() * config.headDim();
        long bskv = tokens() * config.kvHeads() * config.headDim();
        long bsi = tokens() * config.intermediateSize();
        long probabilities = (long) microBatch * config.heads() * sequenceLength * sequenceLength;
        int probabilityBytes = p == Precision.FP32 ? 4 : 4 + 2; // fp32 softmax output, plus its bf16 cast
        return p.matmul() * (bsq + 2 * bskv + 3 * bsi) + probabilityBytes * probabilities;
    }

    private long headActivations(Precision p, boolean loraOnly) {
        long bsh = tokens() * config.hiddenSize();
        long logits = tokens() * config.vocabSize();
        int logitBytes = p == Precision.FP32 ? 8 : 10; // log-probs and their gradient (fp32), plus bf16 logits
        return 4 * bsh + (loraOnly ? 0 : p.matmul() * bsh) + logitBytes * logits;
    }

    private long tokens() {
        return (long) microBatch * sequenceLength;
    }

    /** {in, out} features of a projection named as in Hugging Face (q_proj ... down_proj). */
    private long[] projectionShape(String target) {
        long h = config.hiddenSize();
        long q = (long) config.heads() * config.headDim();
        long kv = (long) config.kvHeads() * config.headDim();
        long i = config.intermediateSize();
        return switch (target) {
            case "q_proj" -> new long[] {h, q};
            case "k_proj", "v_proj" -> new long[] {h, kv};
            case "o_proj" -> new long[] {q, h};
            case "gate_proj", "up_proj" -> new long[] {h, i};
            case "down_proj" -> new long[] {i, h};
            default -> throw new IllegalArgumentException("LoRA target '" + target
                    + "' is not a projection; expected q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj or down_proj");
        };
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%.3g", (double) n);
    }
}
