package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring continuations behind a shared prompt gives the log-likelihoods of scoring each prompt +
 * continuation on its own: the embedded model, real prompts and labels, compared with a per-pair
 * reference computed here from the plain forward pass and Hugging Face-style labels.
 */
class SharedPromptScoringTest extends EmbeddedModelTest {

    @Test
    void labelRankingMatchesScoringEachPairAlone() {
        List<long[]> prompts = new ArrayList<>();
        List<long[]> labels = new ArrayList<>();
        String[] sentences = {"The battery died after two days.", "Great value, works as described and more.",
            "It was fine.", "The government shall pass the bill before the session ends, said the member."};
        for (String sentence : sentences) {
            for (String label : List.of("negative", "positive", "very negative")) {
                prompts.add(tokenizer.encode("What is the sentiment of the following paragraph?\n" + sentence
                        + "\nAnswer:"));
                labels.add(tokenizer.encodePlain(label));
            }
        }
        assertAgree(prompts, labels, 4);
    }

    @Test
    void optionsBehindAnEmptyPromptAndSingleTokenTargetsMatchToo() {
        List<long[]> prompts = new ArrayList<>();
        List<long[]> options = new ArrayList<>();
        for (String option : List.of(" and the sea was calm", " of", " in the beginning God created", " x")) {
            prompts.add(tokenizer.encode(""));
            options.add(tokenizer.encodePlain(option));
            prompts.add(tokenizer.encode("Call me Ishmael. Some years ago"));
            options.add(tokenizer.encodePlain(option));
        }
        assertAgree(prompts, options, 3);
    }

    @Test
    void anEmptyTargetScoresZeroAndAnEmptyPromptIsRefused() {
        double[] scores = SequenceScorer.logLikelihoods(model, List.of(tokenizer.encode("Hello")),
                List.of(new long[0]), 4, tokenizer.padId());
        assertEquals(0.0, scores[0]);
        assertThrows(IllegalArgumentException.class, () -> SequenceScorer.logLikelihoods(model,
                List.of(new long[0]), List.of(new long[] {5}), 4, tokenizer.padId()));
    }

    private static void assertAgree(List<long[]> prompts, List<long[]> targets, int batchSize) {
        double[] shared = SequenceScorer.logLikelihoods(model, prompts, targets, batchSize, tokenizer.padId());
        for (int i = 0; i < prompts.size(); i++) {
            double alone = aloneLogLikelihood(prompts.get(i), targets.get(i));
            assertEquals(alone, shared[i], 1e-5 * Math.abs(alone), "pair " + i);
        }
    }

    /** log p(target | prompt) from one unpadded forward pass over prompt + target. */
    private static double aloneLogLikelihood(long[] prompt, long[] target) {
        long[] joined = new long[prompt.length + target.length];
        System.arraycopy(prompt, 0, joined, 0, prompt.length);
        System.arraycopy(target, 0, joined, prompt.length, target.length);
        TokenBatch batch = TokenBatch.withTargets(List.of(joined), List.of(prompt.length), tokenizer.padId());
        NDManager manager = model.manager();
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.forward(batch.idsArray(manager), batch.maskArray(manager)).logits();
            return -CausalLmLoss.perSequence(logits, batch.labelsArray(manager)).getFloat(0);
        }
    }
}
