package org.gerenb.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gerenb.data.TextCorpus;
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
        double unigramPerplexity, McqResult options, McqResult letters, String training) {

    public static ModelCard measure(LlamaModel model, TextTokenizer tokenizer, Path corpus, Path heldout,
            Path benchmark, String training) {
        List<long[]> corpusIds = TextCorpus.readJsonl(corpus).stream().map(tokenizer::encode).toList();
        List<long[]> heldoutIds = TextCorpus.readJsonl(heldout).stream().map(t -> cut(tokenizer.encode(t))).toList();
        UnigramBaseline unigram = new UnigramBaseline(corpusIds, model.config().vocabSize());
        ModelJudge judge = new ModelJudge(model, tokenizer, 16, 8);
        MultipleChoiceBenchmark mcq = MultipleChoiceBenchmark.load(benchmark);
        return new ModelCard(model.config(), corpusIds.stream().mapToLong(s -> s.length).sum(), heldoutIds.size(),
                perplexity(model, tokenizer, heldoutIds), unigram.perplexity(heldoutIds),
                new McqScorer(judge, new FewShotPrompt(0), 256, McqScorer.Scoring.OPTIONS).score(mcq),
                new McqScorer(judge, new FewShotPrompt(0), 256, McqScorer.Scoring.LETTERS).score(mcq), training);
    }

    /** Held-out texts are scored within the 1,024 positions the model was configured for. */
    private static long[] cut(long[] ids) {
        return ids.length > 1024 ? java.util.Arrays.copyOf(ids, 1024) : ids;
    }

    private static double perplexity(LlamaModel model, TextTokenizer tokenizer, List<long[]> texts) {
        return SequenceScorer.perplexity(model, texts, 8, tokenizer.padId());
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
                .append("## Training\n\n").append(training).append("\n\n")
                .append(String.format(Locale.ROOT, "Pretraining corpus: datasets/general/pretrain.jsonl, %,d tokens "
                        + "(see datasets/PROVENANCE.md).%n%n", corpusTokens))
                .append("## What it knows\n\n")
                .append(String.format(Locale.ROOT, "- Held-out perplexity (datasets/general/heldout.jsonl, %d texts): "
                        + "**%.2f**, against %.2f for a unigram model of the pretraining corpus (ratio %.3f).%n",
                        heldoutTexts, perplexity, unigramPerplexity, perplexity / unigramPerplexity))
                .append(String.format(Locale.ROOT, "- datasets/mmlu-open, 0-shot, option scoring "
                        + "(log p(option | question) - log p(option)): **%.2f%%** overall (chance 25%%).%n", options.overall()))
                .append(String.format(Locale.ROOT, "- The same with MMLU's letter scoring: %.2f%% (a model this small "
                        + "cannot follow the letter format).%n%n", letters.overall()))
                .append("| subject | option scoring % | letter scoring % |\n|---|---|---|\n");
        for (String subject : options.outcomes().stream().map(o -> o.subject()).distinct().toList()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", subject, options.subject(subject),
                    letters.subject(subject)));
        }
        return md.toString();
    }

    public void write(Path modelDir) {
        try {
            Files.writeString(modelDir.resolve("README.md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model card in " + modelDir, e);
        }
    }
}
