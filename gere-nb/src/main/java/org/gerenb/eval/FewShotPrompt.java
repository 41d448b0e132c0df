package org.gerenb.eval;

import java.util.List;

/**
 * The standard MMLU k-shot prompt: a header naming the subject, the first k dev questions with
 * their answers, then the question, ending in "Answer:" so the model continues with " A".." D".
 */
public record FewShotPrompt(int shots) {
    public static final int DEFAULT_SHOTS = 5;

    public FewShotPrompt {
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be >= 0, was " + shots);
        }
    }

    public FewShotPrompt() {
        this(DEFAULT_SHOTS);
    }

    public String build(List<McqQuestion> dev, McqQuestion question) {
        if (dev.size() < shots) {
            throw new IllegalArgumentException(shots + "-shot prompt for \"" + question.subject() + "\" needs "
                    + shots + " dev questions, found " + dev.size());
        }
        StringBuilder prompt = new StringBuilder(header(question.subject()));
        dev.subList(0, shots).forEach(example -> prompt.append(format(example)).append(' ')
                .append(example.answer()).append("\n\n"));
        return prompt.append(format(question)).toString();
    }

    public static String header(String subject) {
        return "The following are multiple choice questions (with answers) about " + subject.replace('_', ' ')
                + ".\n\n";
    }

    /** The question and its lettered choices, up to and including "Answer:". */
    public static String format(McqQuestion question) {
        StringBuilder text = new StringBuilder(question.question());
        for (int i = 0; i < McqQuestion.LETTERS.size(); i++) {
            text.append('\n').append(McqQuestion.LETTERS.get(i)).append(". ").append(question.choices().get(i));
        }
        return text.append("\nAnswer:").toString();
    }
}
