package org.gerenb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gerenb.model.LlamaConfig;

/**
 * A model size of the training-step benchmark. The sizes, batch and vocabulary are those of
 * tools/bench/hf_train_step.py, so the two benchmarks' figures compare side by side: untied Llama,
 * vocabulary 8000, batch 8 x 128 random tokens, plain multi-head attention.
 */
public record BenchConfig(String name, int hidden, int layers, int heads, int kvHeads, int intermediate) {

    public static final int VOCAB = 8000;
    public static final int BATCH = 8;
    public static final int SEQ = 128;

    private static final Map<String, BenchConfig> KNOWN = new LinkedHashMap<>();

    static {
        for (BenchConfig c : List.of(new BenchConfig("small", 64, 2, 4, 4, 172),
                new BenchConfig("medium", 256, 4, 8, 8, 688))) {
            KNOWN.put(c.name, c);
        }
    }

    /** The configurations of a comma-separated list such as "small,medium". */
    public static List<BenchConfig> parse(String names) {
        List<BenchConfig> configs = new ArrayList<>();
        for (String name : names.split(",")) {
            BenchConfig c = KNOWN.get(name.trim());
            if (c == null) {
                throw new IllegalArgumentException("unknown bench config '" + name.trim() + "', expected one of "
                        + KNOWN.keySet());
            }
            configs.add(c);
        }
        return configs;
    }

    public LlamaConfig llama() {
        return LlamaConfig.llama(VOCAB, hidden, intermediate, layers, heads, kvHeads, SEQ, false);
    }

    public static int tokensPerStep() {
        return BATCH * SEQ;
    }
}
