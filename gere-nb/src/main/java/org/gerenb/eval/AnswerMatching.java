package org.gerenb.eval;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Exact match after normalisation, as the O-LoRA benchmark scores generated answers: lower-case,
 * drop ASCII punctuation, drop the articles a/an/the, collapse whitespace.
 */
public final class AnswerMatching {
    // Python's string.punctuation, which the benchmark's normaliser removes.
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private AnswerMatching() {
    }

    public static String normalize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.chars().filter(c -> PUNCTUATION.indexOf(c) < 0).forEach(c -> kept.append((char) c));
        String withoutArticles = ARTICLES.matcher(kept).replaceAll(" ");
        return WHITESPACE.matcher(withoutArticles.strip()).replaceAll(" ");
    }

    public static boolean matches(String prediction, String label) {
        return normalize(prediction).equals(normalize(label));
    }
}
