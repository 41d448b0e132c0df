package org.gerenb.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.TaskData;
import org.gerenb.data.TextCorpus;
import org.gerenb.eval.ClassificationEval;
import org.gerenb.eval.EvaluationSettings;
import org.gerenb.eval.McqOutcome;
import org.gerenb.eval.McqResult;
import org.gerenb.eval.ModelJudge;
import org.gerenb.eval.MultipleChoiceBenchmark;
import org.gerenb.eval.TokenIds;
import org.gerenb.eval.Transcript;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;
import org.gerenb.train.TaskEncoder;

/** Measures a model on every task of the sequence and on general capability, in and out of the replay domains. */
final class StageEvaluator {

    /** A held-out text as token ids, with whether its domain is replayed. */
    record HeldoutText(long[] ids, boolean replayedDomain) {
        static List<HeldoutText> of(List<TextCorpus.Passage> passages, List<String> replayDomains,
                java.util.function.Function<String, long[]> encode) {
            return passages.stream().map(p -> new HeldoutText(encode.apply(p.text()),
                    p.domain() != null && replayDomains.contains(p.domain())))
                    .toList();
        }
    }

    private final List<TaskData> tasks;
    private final int maxSourceTokens;
    private final InstructionTemplates templates;
    private final MultipleChoiceBenchmark benchmark;
    private final RunSpec.General general;
    private final List<String> subjects;
    private final List<HeldoutText> heldout;
    private final boolean domainsKnown;
    private final RunSpec.Evaluation settings;
    /** The ids of every text asked, kept from one stage's evaluation to the next. */
    private final TokenIds ids;

    StageEvaluator(List<TaskData> tasks, int maxSourceTokens, InstructionTemplates templates,
            MultipleChoiceBenchmark benchmark, RunSpec.General general, List<HeldoutText> heldout, boolean domainsKnown,
            RunSpec.Evaluation settings, TokenIds ids) {
        this.tasks = tasks;
        this.maxSourceTokens = maxSourceTokens;
        this.templates = templates;
        this.benchmark = benchmark;
        this.general = general;
        this.subjects = benchmark == null ? List.of() : evaluatedSubjects(general, benchmark);
        this.heldout = heldout;
        this.domainsKnown = domainsKnown;
        this.settings = settings;
        this.ids = ids;
    }

    /** general.subjects (all of the benchmark when empty) plus the in and out subjects. */
    private static List<String> evaluatedSubjects(RunSpec.General general, MultipleChoiceBenchmark benchmark) {
        Set<String> all = new LinkedHashSet<>(general.subjects().isEmpty() && general.subjectsIn().isEmpty()
                && general.subjectsOut().isEmpty() ? benchmark.subjects() : general.subjects());
        all.addAll(general.subjectsIn());
        all.addAll(general.subjectsOut());
        return List.copyOf(all);
    }

    /** Every task by generation and ranking; general capability and perplexity too when {@code withGeneral}. */
    StageScores evaluate(LlamaModel model, boolean withGeneral) {
        return evaluateTimed(model, withGeneral, null).scores();
    }

    /**
     * As {@link #evaluate(LlamaModel, boolean)}, with the seconds of each part, and every question
     * written into {@code transcript} under its part's name when it is not null.
     */
    ContinualRun.TimedEvaluation evaluateTimed(LlamaModel model, boolean withGeneral,
            Transcript transcript) {
        long start = System.nanoTime();
        Parts parts = new Parts(transcript);
        ModelJudge judge = new ModelJudge(model, ids, settings.batchSize(), settings.maxNewTokens(),
                maxSourceTokens).recordingInto(transcript);
        ClassificationEval classification = new ClassificationEval(EvaluationSettings.DEFAULTS.itemsPerCall());
        double[] generation = new double[tasks.size()];
        double[] ranking = new double[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            TaskData task = tasks.get(i);
            ClassificationEval.Both both = parts.time("tasks",
                    () -> classification.byGenerationAndRanking(task.test(), templates.forTask(task), judge));
            generation[i] = both.generation().accuracy();
            ranking[i] = both.ranking().accuracy();
        }
        // the benchmark's questions are cut as the benchmark's loader cuts them, whatever the task cut
        McqResult mcq = parts.time("general", () -> benchmark == null || !withGeneral ? null
                : new ModelJudge(model, ids, settings.batchSize(), settings.maxNewTokens(), TaskEncoder.PAPER_SOURCE_TOKENS)
                        .recordingInto(transcript)
                        .mcqScorer(general.shots(), general.scoring(), EvaluationSettings.DEFAULTS.itemsPerCall())
                        .score(benchmark, subjects));
        SequenceScorer.Score[] texts = parts.time("perplexity", () -> heldout == null || !withGeneral ? null
                : SequenceScorer.languageModeling(model, heldout.stream().map(HeldoutText::ids).toList(),
                        settings.batchSize(), ids.tokenizer().padId()));
        for (int i = 0; transcript != null && texts != null && i < texts.length; i++) {
            transcript.text(heldout.get(i).ids(), texts[i].nll(), texts[i].tokens());
        }
        System.out.println("evaluation: " + parts);
        StageScores scores = new StageScores(generation, ranking, accuracy(mcq, s -> true),
                accuracy(mcq, general.subjectsIn()::contains), accuracy(mcq, general.subjectsOut()::contains),
                subjectScores(mcq), perplexity(texts, t -> true), perplexity(texts, t -> domainsKnown && t.replayedDomain()),
                perplexity(texts, t -> domainsKnown && !t.replayedDomain()), (System.nanoTime() - start) / 1e9);
        return new ContinualRun.TimedEvaluation(scores, parts.seconds());
    }

    /** Seconds per part of an evaluation, summed over its laps; each part also names the transcript's entries. */
    private static final class Parts {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private final Transcript transcript;

        Parts(Transcript transcript) {
            this.transcript = transcript;
        }

        <T> T time(String part, Supplier<T> work) {
            if (transcript != null) {
                transcript.part(part);
            }
            long start = System.nanoTime();
            T result = work.get();
            seconds.merge(part, (System.nanoTime() - start) / 1e9, Double::sum);
            return result;
        }

        /** In the order the parts first ran. */
        Map<String, Double> seconds() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
        }

        @Override
        public String toString() {
            return String.join(", ", seconds.entrySet().stream()
                    .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue())).toList());
        }
    }

    private static double accuracy(McqResult mcq, Predicate<String> subject) {
        return mcq == null ? Double.NaN : mcq.subjects(subject);
    }

    private List<StageScores.SubjectScore> subjectScores(McqResult mcq) {
        List<StageScores.SubjectScore> scores = new ArrayList<>();
        for (String subject : mcq == null ? List.<String>of() : subjects) {
            List<McqOutcome> own = mcq.outcomes().stream().filter(o -> o.subject().equals(subject)).toList();
            scores.add(new StageScores.SubjectScore(subject, benchmark.categoryOf(subject),
                    (int) own.stream().filter(McqOutcome::correct).count(), own.size()));
        }
        return scores;
    }

    /** Token-weighted perplexity of the held-out texts that pass; NaN when none do. */
    private double perplexity(SequenceScorer.Score[] scores, Predicate<HeldoutText> which) {
        if (scores == null) {
            return Double.NaN;
        }
        List<SequenceScorer.Score> selected = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (which.test(heldout.get(i))) {
                selected.add(scores[i]);
            }
        }
        return selected.isEmpty() ? Double.NaN : SequenceScorer.perplexity(selected.toArray(SequenceScorer.Score[]::new));
    }
}
