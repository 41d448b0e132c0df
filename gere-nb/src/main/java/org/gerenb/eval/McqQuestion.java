package org.gerenb.eval;

import java.util.List;
import java.util.Objects;

/** One four-way multiple-choice question in the MMLU layout; {@code answer} is A, B, C or D. */
public record McqQuestion(String subject, String question, List<String> choices, String answer) {
    public static final List<String> LETTERS = List.of("A", "B", "C", "D");

    public McqQuestion {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(question, "question");
        choices = List.copyOf(choices);
        if (choices.size() != LETTERS.size()) {
            throw new IllegalArgumentException("expected " + LETTERS.size() + " choices, got " + choices.size());
        }
        if (!LETTERS.contains(answer)) {
            throw new IllegalArgumentException("answer must be one of " + LETTERS + ", was \"" + answer + "\"");
        }
    }
}
