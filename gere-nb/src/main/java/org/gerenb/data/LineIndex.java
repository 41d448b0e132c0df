package org.gerenb.data;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Maps character offsets of a text to 1-based line numbers. Commons CSV reports where a record
 * starts only as a character offset, and quoted fields may span lines, so counting records would
 * misplace every error after the first multi-line field.
 */
final class LineIndex {
    private final long[] newlineOffsets;

    LineIndex(String text) {
        newlineOffsets = IntStream.range(0, text.length())
                .filter(i -> text.charAt(i) == '\n')
                .asLongStream()
                .toArray();
    }

    int lineOf(long offset) {
        int found = Arrays.binarySearch(newlineOffsets, offset);
        int newlinesBefore = found >= 0 ? found : -found - 1;
        return newlinesBefore + 1;
    }
}
