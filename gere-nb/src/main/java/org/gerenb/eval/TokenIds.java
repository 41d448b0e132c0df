package org.gerenb.eval;

import java.util.HashMap;
import java.util.Map;
import org.gerenb.model.TextTokenizer;

/**
 * A tokenizer's ids for the texts judges are asked about, each text encoded once: a run's stage evaluations
 * ask the same test prompts, labels and options at every stage. The arrays are shared; callers copy before
 * changing one.
 */
public final class TokenIds {

    private final TextTokenizer tokenizer;
    private final Map<String, long[]> withBos = new HashMap<>();
    private final Map<String, long[]> plain = new HashMap<>();

    public TokenIds(TextTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** BOS + the text's tokens, as {@link TextTokenizer#encode}. */
    long[] encode(String text) {
        return withBos.computeIfAbsent(text, tokenizer::encode);
    }

    /** The text's tokens without special tokens, as {@link TextTokenizer#encodePlain}. */
    long[] encodePlain(String text) {
        return plain.computeIfAbsent(text, tokenizer::encodePlain);
    }
}
