package org.gerenb.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gerenb.data.Example;
import org.gerenb.data.PromptTemplate;

/**
 * Scores a task's test examples in the two ways the benchmark allows: by greedy generation, matched
 * to the label with {@link AnswerMatching} (the O-LoRA metric), and by label ranking, where the
 * label the model finds most likely after the prompt is the prediction. Ranking passes each label
 * exactly as written in labels.json, the text the model was trained to produce after "Answer:". A
 * {@link ClassificationJudge} gives both from one reading of each prompt.
 */
public final class ClassificationEval {
    private final int examplesPerCall;

    /** @param examplesPerCall examples sent to the model at once (for ranking, times the label count) */
    public ClassificationEval(int examplesPerCall) {
        if (examplesPerCall < 1) {
            throw new IllegalArgumentException("examplesPerCall must be >= 1, was " + examplesPerCall);
        }
        this.examplesPerCall = examplesPerCall;
    }

    public ClassificationResult byGeneration(List<Example> examples, PromptTemplate template, GreedyGenerator model) {
        List<String> predictions = new ArrayList<>();
        for (List<Example> chunk : Batches.chunks(examples, examplesPerCall)) {
            List<String> prompts = template.renderAll(chunk);
            predictions.addAll(Batches.checkedTexts(model.generate(prompts), prompts.size()));
        }
        return new ClassificationResult(labelsOf(examples), predictions);
    }

    public ClassificationResult byLabelRanking(List<Example> examples, PromptTemplate template,
            ContinuationScorer model) {
        List<String> predictions = new ArrayList<>();
        for (List<Example> chunk : Batches.chunks(examples, examplesPerCall)) {
            predictions.addAll(rank(chunk, template, model));
        }
        return new ClassificationResult(labelsOf(examples), predictions);
    }

    /** Both results from one reading of each prompt: by generation and by label ranking. */
    public record Both(ClassificationResult generation, ClassificationResult ranking) {
    }

    public Both byGenerationAndRanking(List<Example> examples, PromptTemplate template, ClassificationJudge model) {
        List<String> completions = new ArrayList<>();
        List<String> ranked = new ArrayList<>();
        List<String> candidates = template.labels();
        for (List<Example> chunk : Batches.chunks(examples, examplesPerCall)) {
            List<String> prompts = template.renderAll(chunk);
            ClassificationJudge.Answers answers = model.answer(prompts, candidates);
            completions.addAll(Batches.checkedTexts(answers.completions(), prompts.size()));
            for (int e = 0; e < chunk.size(); e++) {
                double[] scores = Batches.checkedScores(answers.logLikelihoods()[e], candidates.size());
                ranked.add(candidates.get(Batches.argmax(scores, 0, candidates.size())));
            }
        }
        return new Both(new ClassificationResult(labelsOf(examples), completions),
                new ClassificationResult(labelsOf(examples), ranked));
    }

    private static List<String> rank(List<Example> chunk, PromptTemplate template, ContinuationScorer model) {
        List<String> candidates = template.labels();
        List<String> prompts = new ArrayList<>();
        List<String> continuations = new ArrayList<>();
        for (String prompt : template.renderAll(chunk)) {
            prompts.addAll(Collections.nCopies(candidates.size(), prompt));
            continuations.addAll(candidates);
        }
        double[] scores = Batches.checkedScores(model.logLikelihoods(prompts, continuations), prompts.size());
        List<String> predictions = new ArrayList<>();
        for (int e = 0; e < chunk.size(); e++) {
            predictions.add(candidates.get(Batches.argmax(scores, e * candidates.size(), candidates.size())));
        }
        return predictions;
    }

    private static List<String> labelsOf(List<Example> examples) {
        return examples.stream().map(Example::label).toList();
    }
}
