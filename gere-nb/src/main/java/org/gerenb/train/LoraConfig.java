package org.gerenb.train;

import java.util.List;

/**
 * Low-rank adaptation: W x + (alpha / r) B A dropout(x) on the target projections, with A random and B
 * zero at the start, so the adapted model begins exactly at the base model.
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targets) {

    /** The setting a third party read from the GeRe code: r 8, alpha 32, dropout 0.1 on q/k. */
    public static LoraConfig paperDefault() {
        return new LoraConfig(8, 32, 0.1, List.of("q_proj", "k_proj"));
    }

    public LoraConfig {
        if (rank <= 0 || alpha <= 0 || dropout < 0 || dropout >= 1 || targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs rank > 0, alpha > 0, 0 <= dropout < 1 and targets, got r="
                    + rank + " alpha=" + alpha + " dropout=" + dropout + " targets=" + targets);
        }
        targets = List.copyOf(targets);
    }

    public LoraConfig rank(int r) {
        return new LoraConfig(r, alpha, dropout, targets);
    }

    public LoraConfig alpha(double a) {
        return new LoraConfig(rank, a, dropout, targets);
    }

    public LoraConfig dropout(double d) {
        return new LoraConfig(rank, alpha, d, targets);
    }

    public LoraConfig targets(String... names) {
        return new LoraConfig(rank, alpha, dropout, List.of(names));
    }

    public double scale() {
        return alpha / rank;
    }
}
