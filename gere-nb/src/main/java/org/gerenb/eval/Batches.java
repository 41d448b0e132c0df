package org.gerenb.eval;

import java.util.ArrayList;
import java.util.List;

/** Checks on what the model side returns, shared by the scorers. */
final class Batches {
    private Batches() {
    }

    static double[] checkedScores(double[] scores, int expected) {
        if (scores == null || scores.length != expected) {
            throw new IllegalStateException("the model returned " + (scores == null ? "null" : scores.length
                    + " scores") + " for " + expected + " prompt/continuation pairs");
        }
        return scores;
    }

    static List<String> checkedTexts(List<String> texts, int expected) {
        if (texts == null || texts.size() != expected) {
            throw new IllegalStateException("the model returned " + (texts == null ? "null" : texts.size()
                    + " generations") + " for " + expected + " prompts");
        }
        return texts;
    }

    /** Consecutive slices of at most {@code size} items, in order. */
    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(from + size, items.size())));
        }
        return chunks;
    }

    /** The offset, within {@code [from, from + count)}, of the largest score; the first wins a tie. */
    static int argmax(double[] scores, int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (scores[from + i] > scores[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
