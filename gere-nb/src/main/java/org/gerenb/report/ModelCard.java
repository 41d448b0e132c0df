package org.gerenb.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gerenb.data.TextCorpus;
import org.gerenb.eval.EvaluationSettings;
import org.gerenb.eval.FewShotPrompt;
import org.gerenb.eval.McqResult;
import org.gerenb.eval.McqScorer;
import org.gerenb.eval.ModelJudge;
import org.gerenb.eval.MultipleChoiceBenchmark;
import org.gerenb.eval.UnigramBaseline;
import org.gerenb.model.LlamaConfig;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;

/**
 * What a base model knows, measured: held-out perplexity against a unigram model of its pretraining
 * corpus, and multiple-choice accuracy with both scorings. Written as the model directory's README.md.
 */
public record ModelCard(LlamaConfig config, long corpusTokens, int heldoutTexts, double perplexity,
        double unigramPerplexity, java.util.Map<String, Double> perplexityByDomain, McqResult options,
        McqResult letters, String training, String pretrainingCurve) {

    public static ModelCard measure(LlamaModel model, TextTokenizer tokenizer, Path corpus, Path heldout,
            Path benchmark, String training, Path heldoutLog) {
        List<long[]> corpusIds = TextCorpus.readJsonl(corpus).stream().map(tokenizer::encode).toList();
        List<TextCorpus.Passage> passages = TextCorpus.readPassages(heldout, Integer.MAX_VALUE);
        List<long[]> heldoutIds = passages.stream().map(p -> cut(tokenizer.encode(p.text()))).toList();
        UnigramBaseline unigram = new UnigramBaseline(corpusIds, model.config().vocabSize());
        EvaluationSettings settings = EvaluationSettings.DEFAULTS;
        ModelJudge judge = new ModelJudge(model, tokenizer, settings.batchSize(), settings.maxNewTokens());
        MultipleChoiceBenchmark mcq = MultipleChoiceBenchmark.load(benchmark);
        SequenceScorer.Score[] scores = SequenceScorer.languageModeling(model, heldoutIds, 8, tokenizer.padId());
        return new ModelCard(model.config(), corpusIds.stream().mapToLong(s -> s.length).sum(), heldoutIds.size(),
                SequenceScorer.perplexity(scores), unigram.perplexity(heldoutIds), byDomain(passages, scores),
                new McqScorer(judge, new FewShotPrompt(0), settings.itemsPerCall(), McqScorer.Scoring.OPTIONS).score(mcq),
                new McqScorer(judge, new FewShotPrompt(0), settings.itemsPerCall(), McqScorer.Scoring.LETTERS).score(mcq), training,
                PretrainingCurve.describe(heldoutLog));
    }

    private static java.util.Map<String, Double> byDomain(List<TextCorpus.Passage> passages,
            SequenceScorer.Score[] scores) {
        java.util.Map<String, List<SequenceScorer.Score>> grouped = new java.util.TreeMap<>();
        for (int i = 0; i < scores.length; i++) {
            String domain = passages.get(i).domain() == null ? "(none)" : passages.get(i).domain();
            grouped.computeIfAbsent(domain, d -> new java.util.ArrayList<>()).add(scores[i]);
        }
        java.util.Map<String, Double> perplexities = new java.util.LinkedHashMap<>();
        grouped.forEach((domain, own) -> perplexities.put(domain,
                SequenceScorer.perplexity(own.toArray(SequenceScorer.Score[]::new))));
        return perplexities;
    }

    /** Held-out texts are scored within the 1,024 positions the model was configured for. */
    private static long[] cut(long[] ids) {
        return ids.length > 1024 ? java.util.Arrays.copyOf(ids, 1024) : ids;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# GeRe-NB embedded base model\n\n")
                .append("A small LLaMA-architecture causal LM pretrained by this project (`./gere pretrain`) so that the\n")
                .append("continual-learning experiments have general capability to lose. Hugging Face layout: config.json,\n")
                .append("model.safetensors (F32), tokenizer.json (the project's byte-level BPE, datasets/tokenizer).\n\n")
                .append("## Architecture\n\n")
                .append(String.format(Locale.ROOT, "| %s | %,d parameters | hidden %d | %d layers | %d heads (%d key/value) "
                        + "| MLP %d | vocabulary %d | tied embeddings: %s |%n|---|---|---|---|---|---|---|---|%n%n",
                        config.architecture(), config.parameterCount(), config.hiddenSize(), config.layers(),
                        config.heads(), config.kvHeads(), config.intermediateSize(), config.vocabSize(),
                        config.tieWordEmbeddings()))
                .append("## Training\n\n").append(training).append("\n\n").append(pretrainingCurve).append("\n\n")
                .append(String.format(Locale.ROOT, "Pretraining corpus: datasets/general/pretrain.jsonl, %,d tokens "
                        + "(see datasets/PROVENANCE.md).%n%n", corpusTokens))
                .append("## What it knows\n\n")
                .append(String.format(Locale.ROOT, "- Held-out perplexity (datasets/general/heldout.jsonl, %d texts): "
                        + "**%.2f**, against %.2f for a unigram model of the pretraining corpus (ratio %.3f).%n",
                        heldoutTexts, perplexity, unigramPerplexity, perplexity / unigramPerplexity))
                .append("- Held-out perplexity by domain: ").append(String.join(", ", perplexityByDomain.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).toList()))
                .append(" (speech, novel and manual are the replayed domains; docs/benchmark-v2.md).\n")
                .append(String.format(Locale.ROOT, "- datasets/mmlu-open, 0-shot, option scoring "
                        + "(log p(option | question) - log p(option)): **%.2f%%** overall (chance 25%%).%n", options.overall()))
                .append(String.format(Locale.ROOT, "- The same with MMLU's letter scoring: %.2f%% (a model this small "
                        + "cannot follow the letter format).%n%n", letters.overall()))
                .append("| subject | items | option scoring % (95% interval) | letter scoring % |\n|---|---|---|---|\n");
        for (String subject : options.outcomes().stream().map(o -> o.subject()).distinct().toList()) {
            long items = options.outcomes().stream().filter(o -> o.subject().equals(subject)).count();
            double p = options.subject(subject);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f +- %.1f | %.1f |%n", subject, items, p,
                    binomialHalfWidth(p, items), letters.subject(subject)));
        }
        md.append("\nIntervals: 1.96 sqrt(p (1 - p) / n), the normal approximation to the binomial.\n");
        return md.toString();
    }

    /** Half-width of the 95% interval of an accuracy in percent measured on n items. */
    static double binomialHalfWidth(double percent, long n) {
        double p = percent / 100;
        return 100 * 1.96 * Math.sqrt(p * (1 - p) / n);
    }

    public void write(Path modelDir) {
        try {
            Files.writeString(modelDir.resolve("README.md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model card in " + modelDir, e);
        }
    }
}
