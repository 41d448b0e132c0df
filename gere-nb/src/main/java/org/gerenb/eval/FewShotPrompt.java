package org.gerenb.eval;

import java.util.List;

/**
 * The standard MMLU k-shot prompt: a header naming the subject, the first k dev questions with
 * their answers, then the question, ending in "Answer:" so the model continues with " A".." D".
 *
 * <p>With a token budget ({@link #fitting}) a prompt that would not fit drops shots, the last first, as
 * the MMLU evaluation code does; the test question itself is never cut. A prompt without a budget keeps
 * every shot.
 */
public record FewShotPrompt(int shots, PromptLength length, int tokenBudget) {
    public static final int DEFAULT_SHOTS = 5;

    /** How many tokens a prompt takes as the model is fed it (special tokens such as BOS included). */
    @FunctionalInterface
    public interface PromptLength {
        int tokens(String prompt);
    }

    /** No measuring: every prompt fits. */
    private static final PromptLength UNMEASURED = prompt -> 0;

    public FewShotPrompt {
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be >= 0, was " + shots);
        }
        if (length == null) {
            throw new IllegalArgumentException("length must not be null; use new FewShotPrompt(shots) for no budget");
        }
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("tokenBudget must be >= 1, was " + tokenBudget);
        }
    }

    public FewShotPrompt(int shots) {
        this(shots, UNMEASURED, Integer.MAX_VALUE);
    }

    public FewShotPrompt() {
        this(DEFAULT_SHOTS);
    }

    /** The same number of shots, dropped last first wherever a prompt would exceed tokenBudget tokens. */
    public FewShotPrompt fitting(PromptLength promptLength, int budget) {
        return new FewShotPrompt(shots, promptLength, budget);
    }

    public String build(List<McqQuestion> dev, McqQuestion question) {
        return compose(dev, shotsThatFit(dev, question), question);
    }

    /** How many shots the prompt for this question keeps: the most, up to shots, that fit the budget. */
    public int shotsThatFit(List<McqQuestion> dev, McqQuestion question) {
        requireDev(dev, question);
        for (int k = shots; k >= 0; k--) {
            if (length.tokens(compose(dev, k, question)) <= tokenBudget) {
                return k;
            }
        }
        throw new IllegalArgumentException("the " + question.subject() + " question \"" + abbreviated(question)
                + "\" takes " + length.tokens(compose(dev, 0, question)) + " tokens with no shot, over the budget of "
                + tokenBudget + " tokens; a test question is never cut");
    }

    private void requireDev(List<McqQuestion> dev, McqQuestion question) {
        if (dev.size() < shots) {
            throw new IllegalArgumentException(shots + "-shot prompt for \"" + question.subject() + "\" needs "
                    + shots + " dev questions, found " + dev.size());
        }
    }

    private static String compose(List<McqQuestion> dev, int k, McqQuestion question) {
        StringBuilder prompt = new StringBuilder(header(question.subject()));
        dev.subList(0, k).forEach(example -> prompt.append(format(example)).append(' ')
                .append(example.answer()).append("\n\n"));
        return prompt.append(format(question)).toString();
    }

    private static String abbreviated(McqQuestion question) {
        String text = question.question();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
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
