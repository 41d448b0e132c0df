package org.gerenb.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scores a multiple-choice benchmark by likelihood. With {@link Scoring#LETTERS} (MMLU's standard) the
 * model rates " A", " B", " C", " D" after the few-shot prompt. With {@link Scoring#OPTIONS} it rates each
 * option's own text after the question, calibrated by the option's likelihood without the question,
 * log p(option | question) - log p(option), the form under which small models show what they know
 * (datasets/mmlu-open/README.md). The highest score is the answer, the first on a tie.
 */
public final class McqScorer {

    /** How a choice is scored. */
    public enum Scoring { LETTERS, OPTIONS }

    /** What follows "Answer:" in the prompt for each choice, as in the MMLU evaluation code. */
    public static final List<String> CONTINUATIONS = McqQuestion.LETTERS.stream().map(letter -> " " + letter).toList();

    private final ContinuationScorer model;
    private final FewShotPrompt prompt;
    private final int questionsPerCall;
    private final Scoring scoring;

    public McqScorer(ContinuationScorer model, FewShotPrompt prompt, int questionsPerCall) {
        this(model, prompt, questionsPerCall, Scoring.LETTERS);
    }

    /** @param questionsPerCall questions sent to the model at once (each as four prompt/continuation pairs) */
    public McqScorer(ContinuationScorer model, FewShotPrompt prompt, int questionsPerCall, Scoring scoring) {
        if (questionsPerCall < 1) {
            throw new IllegalArgumentException("questionsPerCall must be >= 1, was " + questionsPerCall);
        }
        this.model = model;
        this.prompt = prompt;
        this.questionsPerCall = questionsPerCall;
        this.scoring = scoring;
    }

    /** Every test question of every subject. */
    public McqResult score(MultipleChoiceBenchmark benchmark) {
        return score(benchmark, benchmark.subjects());
    }

    public McqResult score(MultipleChoiceBenchmark benchmark, List<String> subjects) {
        List<McqOutcome> outcomes = new ArrayList<>();
        for (String subject : subjects) {
            List<McqQuestion> questions = benchmark.test(subject);
            List<McqQuestion> dev = prompt.shots() == 0 ? List.of() : benchmark.dev(subject);
            List<String> predictions = predict(dev, questions);
            for (int i = 0; i < questions.size(); i++) {
                outcomes.add(new McqOutcome(subject, benchmark.categoryOf(subject), predictions.get(i),
                        questions.get(i).answer()));
            }
        }
        return new McqResult(outcomes, benchmark.categories().categories());
    }

    private List<String> predict(List<McqQuestion> dev, List<McqQuestion> questions) {
        List<String> predictions = new ArrayList<>();
        for (List<McqQuestion> chunk : Batches.chunks(questions, questionsPerCall)) {
            predictions.addAll(predictChunk(dev, chunk));
        }
        return predictions;
    }

    private List<String> predictChunk(List<McqQuestion> dev, List<McqQuestion> chunk) {
        double[] scores = scoring == Scoring.LETTERS ? letterScores(dev, chunk) : optionScores(chunk);
        List<String> predictions = new ArrayList<>();
        int choices = CONTINUATIONS.size();
        for (int q = 0; q < chunk.size(); q++) {
            predictions.add(McqQuestion.LETTERS.get(Batches.argmax(scores, q * choices, choices)));
        }
        return predictions;
    }

    private double[] optionScores(List<McqQuestion> chunk) {
        List<String> prompts = new ArrayList<>();
        List<String> continuations = new ArrayList<>();
        for (McqQuestion question : chunk) {
            for (String choice : question.choices()) {
                prompts.add(question.question());
                continuations.add(" " + choice);
            }
        }
        double[] conditional = Batches.checkedScores(model.logLikelihoods(prompts, continuations), prompts.size());
        List<String> empty = Collections.nCopies(prompts.size(), "");
        double[] unconditional = Batches.checkedScores(model.logLikelihoods(empty, continuations), prompts.size());
        for (int i = 0; i < conditional.length; i++) {
            conditional[i] -= unconditional[i];
        }
        return conditional;
    }

    private double[] letterScores(List<McqQuestion> dev, List<McqQuestion> chunk) {
        List<String> prompts = new ArrayList<>();
        List<String> continuations = new ArrayList<>();
        for (McqQuestion question : chunk) {
            prompts.addAll(Collections.nCopies(CONTINUATIONS.size(), prompt.build(dev, question)));
            continuations.addAll(CONTINUATIONS);
        }
        return Batches.checkedScores(model.logLikelihoods(prompts, continuations), prompts.size());
    }
}
