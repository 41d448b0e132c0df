package org.gerenb.experiment;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The valid key an unknown one was probably meant to be: first among the keys of its own section, then
 * among every key of the file, so "tasks.learning_rate" finds "training.lr". Close means a small edit
 * distance (a typo, a swapped pair of letters), the initials of the words ("learning_rate" for "lr"),
 * or the same words plus or minus some ("warmup_steps" for "warmup").
 */
final class KeySuggestion {

    private static final int NOT_CLOSE = Integer.MAX_VALUE;

    private KeySuggestion() {
    }

    /** The closest of the valid key paths ("training.lr") to an unknown path, if any is close. */
    static Optional<String> closest(String unknownPath, Collection<String> validPaths) {
        String section = sectionOf(unknownPath);
        String key = leafOf(unknownPath);
        Optional<String> inSection = best(key, validPaths.stream().filter(p -> sectionOf(p).equals(section)).toList());
        return inSection.isPresent() ? inSection : best(key, validPaths);
    }

    /** The keys of one section ("" for the top level), as written inside it. */
    static List<String> keysOf(String section, Collection<String> validPaths) {
        return validPaths.stream().filter(p -> sectionOf(p).equals(section)).map(KeySuggestion::leafOf).toList();
    }

    private static Optional<String> best(String key, Collection<String> paths) {
        String closest = null;
        int closestDistance = NOT_CLOSE;
        for (String path : paths) {
            int d = distance(key, leafOf(path));
            if (d < closestDistance) {
                closest = path;
                closestDistance = d;
            }
        }
        return Optional.ofNullable(closest);
    }

    /** How far a typed key is from a valid one; NOT_CLOSE when suggesting it would be a guess. */
    static int distance(String typed, String valid) {
        String a = normalized(typed);
        String b = normalized(valid);
        if (a.equals(b)) {
            return 0;
        }
        if (initials(a).equals(b) || initials(b).equals(a) || oneHoldsTheOthersWords(a, b)) {
            return 1;
        }
        int edits = editDistance(a, b);
        return edits <= Math.max(1, Math.max(a.length(), b.length()) / 3) ? edits : NOT_CLOSE;
    }

    /** Lower case with words joined by '_': "learningRate" and "learning-rate" both become "learning_rate". */
    private static String normalized(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[-\\s]+", "_").toLowerCase(Locale.ROOT);
    }

    /** "lr" for "learning_rate"; a single word has no initials that could stand for another key. */
    private static String initials(String key) {
        String[] words = key.split("_");
        if (words.length < 2) {
            return "";
        }
        StringBuilder initials = new StringBuilder();
        for (String word : words) {
            if (!word.isEmpty()) {
                initials.append(word.charAt(0));
            }
        }
        return initials.toString();
    }

    private static boolean oneHoldsTheOthersWords(String a, String b) {
        Set<String> wordsOfA = new HashSet<>(Arrays.asList(a.split("_")));
        Set<String> wordsOfB = new HashSet<>(Arrays.asList(b.split("_")));
        return wordsOfA.containsAll(wordsOfB) || wordsOfB.containsAll(wordsOfA);
    }

    /** Levenshtein distance where swapping two neighbouring letters counts as one edit. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + substitution);
                boolean swapped = i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1);
                if (swapped) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** "training" for "training.lr", "" for a top-level key. */
    private static String sectionOf(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String leafOf(String path) {
        return path.substring(path.indexOf('.') + 1);
    }
}
