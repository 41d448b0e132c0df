package org.gerenb.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scores a multiple-choice benchmark by likelihood: for each question the model rates the
 * continuations " A", " B", " C", " D" after the few-shot prompt and the highest one is its answer
 * (the first on a tie).
 */
public final class McqScorer {
    /** What follows "Answer:" in the prompt for each choice, as in the MMLU evaluation code. */
    public static final List<String> CONTINUATIONS = McqQuestion.LETTERS.stream().map(letter -> " " + letter).toList();

    private final ContinuationScorer model;
    private final FewShotPrompt prompt;
    private final int questionsPerCall;

    /** @param questionsPerCall questions sent to the model at once (each as four prompt/continuation pairs) */
    public McqScorer(ContinuationScorer model, FewShotPrompt prompt, int questionsPerCall) {
        if (questionsPerCall < 1) {
            throw new IllegalArgumentException("questionsPerCall must be >= 1, was " + questionsPerCall);
        }
        this.model = model;
        this.prompt = prompt;
        this.questionsPerCall = questionsPerCall;
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
        List<String> prompts = new ArrayList<>();
        List<String> continuations = new ArrayList<>();
        for (McqQuestion question : chunk) {
            prompts.addAll(Collections.nCopies(CONTINUATIONS.size(), prompt.build(dev, question)));
            continuations.addAll(CONTINUATIONS);
        }
        double[] scores = Batches.checkedScores(model.logLikelihoods(prompts, continuations), prompts.size());
        List<String> predictions = new ArrayList<>();
        int choices = CONTINUATIONS.size();
        for (int q = 0; q < chunk.size(); q++) {
            predictions.add(McqQuestion.LETTERS.get(Batches.argmax(scores, q * choices, choices)));
        }
        return predictions;
    }
}
