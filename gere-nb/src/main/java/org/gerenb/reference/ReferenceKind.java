package org.gerenb.reference;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a replay strategy needs from the base model beyond the activation statistics: TM needs the
 * region of every reference value, L1/L2 feature imitation the values themselves, label fitting and
 * KL (which recomputes reference logits) nothing more.
 */
public enum ReferenceKind {
    REGIONS,
    FEATURES,
    NONE;

    /** "regions", "features" or "none", in any case. */
    public static ReferenceKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown reference kind '" + name + "', expected one of "
                    + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /** The reference passes a build takes: statistics first, then regions or features. */
    int passes() {
        return this == NONE ? 1 : 2;
    }
}
