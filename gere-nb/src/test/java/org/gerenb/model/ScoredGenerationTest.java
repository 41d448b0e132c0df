package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ranking and generation from one pass over each prompt give what the two separate evaluations give:
 * the embedded model, real task prompts of different lengths (a duplicate among them), the scores of
 * {@link SequenceScorer#logLikelihoods} within 1e-5 relative and the completions of {@link Generator#greedy}.
 */
class ScoredGenerationTest extends EmbeddedModelTest {

    private static final String[] MAILS = {"Win a free cruise now, reply with your bank details.",
        "Hi Tom, the meeting moved to Thursday at ten; the agenda is attached.",
        "URGENT!!! Your account is suspended, click here.",
        "Hi Tom, the meeting moved to Thursday at ten; the agenda is attached.",
        "Dear colleagues, the quarterly report is due on Friday. Please send your sections to Anna, "
                + "who will merge them, and keep the figures in the shared folder as agreed last month."};

    @Test
    void oneReadingOfEachPromptGivesTheScoresAndCompletionsOfTheSeparatePasses() {
        List<long[]> candidates = List.of(tokenizer.encodePlain("spam"), tokenizer.encodePlain("not spam"),
                tokenizer.encodePlain("ham"));
        assertAgree(prompts(), candidates, 9, 2);
        assertAgree(prompts(), candidates, 1, 16);
        assertAgree(prompts(), candidates, 0, 4); // a zero budget: empty completions from both
    }

    @Test
    void candidatesFillingSeveralRowsStillGiveOneCompletionPerPrompt() {
        List<long[]> candidates = new ArrayList<>();
        for (String label : List.of("a long label that keeps going", "another label that is not short at all")) {
            long[] once = tokenizer.encodePlain(label);
            long[] repeated = new long[once.length * 10];
            for (int r = 0; r < 10; r++) {
                System.arraycopy(once, 0, repeated, r * once.length, once.length);
            }
            candidates.add(repeated); // together more than one row's continuation budget
        }
        assertAgree(prompts(), candidates, 5, 3);
    }

    @Test
    void anEmptyCandidateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScoredGeneration.run(model, prompts(),
                List.of(tokenizer.encodePlain("spam"), new long[0]), 4, tokenizer.eosId(), 4, tokenizer.padId()));
    }

    private static List<long[]> prompts() {
        List<long[]> prompts = new ArrayList<>();
        for (String mail : MAILS) {
            prompts.add(tokenizer.encode("Is the following message spam?\n" + mail + "\nAnswer:"));
        }
        return prompts;
    }

    private static void assertAgree(List<long[]> prompts, List<long[]> candidates, int maxNewTokens, int batchSize) {
        ScoredGeneration.Answers answers = ScoredGeneration.run(model, prompts, candidates, maxNewTokens,
                tokenizer.eosId(), batchSize, tokenizer.padId());
        List<long[]> pairPrompts = new ArrayList<>();
        List<long[]> pairCandidates = new ArrayList<>();
        for (long[] prompt : prompts) {
            pairPrompts.addAll(Collections.nCopies(candidates.size(), prompt));
            pairCandidates.addAll(candidates);
        }
        double[] separate = SequenceScorer.logLikelihoods(model, pairPrompts, pairCandidates, batchSize,
                tokenizer.padId());
        List<long[]> greedy = Generator.greedy(model, prompts, maxNewTokens, tokenizer.eosId(), batchSize,
                tokenizer.padId());
        for (int i = 0; i < prompts.size(); i++) {
            for (int j = 0; j < candidates.size(); j++) {
                double expected = separate[i * candidates.size() + j];
                assertEquals(expected, answers.logLikelihoods()[i][j], 1e-5 * Math.abs(expected),
                        "prompt " + i + ", candidate " + j);
            }
            assertArrayEquals(greedy.get(i), answers.completions().get(i), "completion of prompt " + i);
            assertEquals(true, answers.completions().get(i).length <= maxNewTokens);
        }
    }
}
