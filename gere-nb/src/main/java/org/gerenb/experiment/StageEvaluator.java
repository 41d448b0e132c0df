package org.gerenb.experiment;

import java.util.List;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.TaskData;
import org.gerenb.eval.ClassificationEval;
import org.gerenb.eval.McqScorer;
import org.gerenb.eval.ModelJudge;
import org.gerenb.eval.MultipleChoiceBenchmark;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;

/** Measures a model on every task of the sequence and on general capability. */
final class StageEvaluator {

    private final List<TaskData> tasks;
    private final InstructionTemplates templates;
    private final MultipleChoiceBenchmark benchmark;
    private final List<String> subjects;
    private final int shots;
    private final McqScorer.Scoring scoring;
    private final List<long[]> heldout;
    private final RunSpec.Evaluation settings;

    StageEvaluator(List<TaskData> tasks, InstructionTemplates templates, MultipleChoiceBenchmark benchmark,
            List<String> subjects, int shots, McqScorer.Scoring scoring, List<long[]> heldout,
            RunSpec.Evaluation settings) {
        this.tasks = tasks;
        this.templates = templates;
        this.benchmark = benchmark;
        this.subjects = benchmark == null ? List.of() : subjects.isEmpty() ? benchmark.subjects() : subjects;
        this.shots = shots;
        this.scoring = scoring;
        this.heldout = heldout;
        this.settings = settings;
    }

    StageScores evaluate(LlamaModel model, TextTokenizer tokenizer) {
        long start = System.nanoTime();
        ModelJudge judge = new ModelJudge(model, tokenizer, settings.batchSize(), settings.maxNewTokens());
        ClassificationEval classification = new ClassificationEval(256);
        double[] generation = new double[tasks.size()];
        double[] ranking = new double[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            TaskData task = tasks.get(i);
            generation[i] = classification.byGeneration(task.test(), templates.forTask(task), judge).accuracy();
            ranking[i] = classification.byLabelRanking(task.test(), templates.forTask(task), judge).accuracy();
        }
        double general = benchmark == null ? Double.NaN
                : judge.mcqScorer(shots, scoring, 256).score(benchmark, subjects).overall();
        double perplexity = heldout == null ? Double.NaN : perplexity(model, tokenizer);
        return new StageScores(generation, ranking, general, perplexity, (System.nanoTime() - start) / 1e9);
    }

    private double perplexity(LlamaModel model, TextTokenizer tokenizer) {
        return SequenceScorer.perplexity(model, heldout, settings.batchSize(), tokenizer.padId());
    }
}
