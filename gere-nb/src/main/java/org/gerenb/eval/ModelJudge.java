package org.gerenb.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gerenb.model.Generator;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.ScoredGeneration;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;
import org.gerenb.train.TaskEncoder;

/**
 * A model answering evaluation questions: greedy generation and continuation log-likelihoods over
 * token ids built exactly as in training (BOS + prompt, then the answer's tokens without special tokens).
 *
 * <p>Task prompts are cut to their first {@code maxSourceTokens} tokens (512, as the benchmark's loader
 * does, unless told otherwise). k-shot MMLU prompts are not: {@link #mcqScorer} fits them to the model's context by dropping
 * shots, and feeds them whole, so the test question is never lost.
 */
public final class ModelJudge implements ContinuationScorer, GreedyGenerator, ClassificationJudge {

    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final int batchSize;
    private final int maxNewTokens;
    private final int maxSourceTokens;
    /** True for a judge of fitted k-shot prompts: never cut, refuse what exceeds the model's context. */
    private final boolean wholePrompts;
    private final Transcript transcript;
    private final TokenIds ids;

    public ModelJudge(LlamaModel model, TextTokenizer tokenizer, int batchSize, int maxNewTokens) {
        this(model, tokenizer, batchSize, maxNewTokens, TaskEncoder.PAPER_SOURCE_TOKENS);
    }

    public ModelJudge(LlamaModel model, TextTokenizer tokenizer, int batchSize, int maxNewTokens, int maxSourceTokens) {
        this(model, new TokenIds(tokenizer), batchSize, maxNewTokens, maxSourceTokens);
    }

    /** A judge reading its texts' ids from {@code ids}, which keeps them for the next judge of the same run. */
    public ModelJudge(LlamaModel model, TokenIds ids, int batchSize, int maxNewTokens, int maxSourceTokens) {
        this(model, ids, batchSize, maxNewTokens, maxSourceTokens, false, null);
    }

    private ModelJudge(LlamaModel model, TokenIds ids, int batchSize, int maxNewTokens, int maxSourceTokens,
            boolean wholePrompts, Transcript transcript) {
        this.model = model;
        this.ids = ids;
        this.tokenizer = ids.tokenizer();
        this.batchSize = batchSize;
        this.maxNewTokens = maxNewTokens;
        this.maxSourceTokens = maxSourceTokens;
        this.wholePrompts = wholePrompts;
        this.transcript = transcript;
    }

    /** The same judge, also writing every question and answer into {@code into} (null: none). */
    public ModelJudge recordingInto(Transcript into) {
        if (into != null) {
            into.generation(new Transcript.Generation(maxNewTokens, tokenizer.eosId(), tokenizer.padId()));
        }
        return new ModelJudge(model, ids, batchSize, maxNewTokens, maxSourceTokens, wholePrompts, into);
    }

    public long[] source(String prompt) {
        long[] encoded = ids.encode(prompt);
        if (wholePrompts) {
            return requireWithinContext(encoded);
        }
        return encoded.length > maxSourceTokens ? Arrays.copyOf(encoded, maxSourceTokens) : encoded;
    }

    /** Tokens of a prompt as this judge feeds it (BOS included), the measure few-shot prompts are fitted by. */
    public int promptTokens(String prompt) {
        return ids.encode(prompt).length;
    }

    /**
     * The benchmark scorer for MMLU-layout questions. Letter scoring fits each k-shot prompt to the model's
     * context (max_position_embeddings) less the longest letter continuation, dropping shots last first,
     * and feeds it uncut; option scoring is unchanged (zero-shot, task-prompt cut).
     */
    public McqScorer mcqScorer(int shots, McqScorer.Scoring scoring, int questionsPerCall) {
        if (scoring != McqScorer.Scoring.LETTERS) {
            return new McqScorer(this, new FewShotPrompt(shots), questionsPerCall, scoring);
        }
        FewShotPrompt prompt = new FewShotPrompt(shots).fitting(this::promptTokens, letterPromptBudget());
        ModelJudge whole = new ModelJudge(model, ids, batchSize, maxNewTokens, maxSourceTokens, true, transcript);
        return new McqScorer(whole, prompt, questionsPerCall, scoring);
    }

    private int letterPromptBudget() {
        int longestLetter = McqScorer.CONTINUATIONS.stream().mapToInt(c -> ids.encodePlain(c).length).max()
                .orElse(1);
        return model.config().maxPositions() - longestLetter;
    }

    private long[] requireWithinContext(long[] prompt) {
        int context = model.config().maxPositions();
        if (prompt.length >= context) {
            throw new IllegalArgumentException("a prompt of " + prompt.length + " tokens leaves no room for an answer "
                    + "in the model's context of " + context + " tokens (config.json max_position_embeddings)");
        }
        return prompt;
    }

    @Override
    public double[] logLikelihoods(List<String> prompts, List<String> continuations) {
        List<long[]> sources = new ArrayList<>();
        List<long[]> targets = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            sources.add(source(prompts.get(i)));
            targets.add(ids.encodePlain(continuations.get(i)));
        }
        double[] scores = SequenceScorer.logLikelihoods(model, sources, targets, batchSize, tokenizer.padId());
        if (transcript != null) {
            for (int i = 0; i < scores.length; i++) {
                transcript.scored(sources.get(i), targets.get(i), scores[i]);
            }
        }
        return scores;
    }

    @Override
    public Answers answer(List<String> prompts, List<String> labels) {
        List<long[]> sources = prompts.stream().map(this::source).toList();
        List<long[]> targets = labels.stream().map(ids::encodePlain).toList();
        ScoredGeneration.Answers answers = ScoredGeneration.run(model, sources, targets, maxNewTokens, tokenizer.eosId(),
                batchSize, tokenizer.padId());
        for (int i = 0; transcript != null && i < sources.size(); i++) {
            for (int j = 0; j < targets.size(); j++) {
                transcript.scored(sources.get(i), targets.get(j), answers.logLikelihoods()[i][j]);
            }
            transcript.generated(sources.get(i), answers.completions().get(i));
        }
        return new Answers(answers.logLikelihoods(), answers.completions().stream().map(tokenizer::decode).toList());
    }

    @Override
    public List<String> generate(List<String> prompts) {
        List<long[]> sources = prompts.stream().map(this::source).toList();
        List<long[]> outputs = Generator.greedy(model, sources, maxNewTokens, tokenizer.eosId(), batchSize,
                tokenizer.padId());
        if (transcript != null) {
            for (int i = 0; i < outputs.size(); i++) {
                transcript.generated(sources.get(i), outputs.get(i));
            }
        }
        return outputs.stream().map(tokenizer::decode).toList();
    }
}
