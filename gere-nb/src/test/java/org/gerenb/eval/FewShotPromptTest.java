package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FewShotPromptTest {
    private static final List<String> CHOICES = List.of("0", "1", "2", "3");
    private static final List<McqQuestion> DEV = List.of(
            new McqQuestion("abstract_algebra", "Dev one?", CHOICES, "B"),
            new McqQuestion("abstract_algebra", "Dev two?", CHOICES, "D"));
    private static final McqQuestion QUESTION = new McqQuestion("abstract_algebra", "Test?", CHOICES, "A");

    @Test
    void buildsTheStandardMmluPromptByteForByte() {
        assertEquals("The following are multiple choice questions (with answers) about abstract algebra.\n\n"
                + "Dev one?\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer: B\n\n"
                + "Dev two?\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer: D\n\n"
                + "Test?\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer:", new FewShotPrompt(2).build(DEV, QUESTION));
    }

    @Test
    void zeroShotIsHeaderAndQuestion() {
        assertEquals("The following are multiple choice questions (with answers) about abstract algebra.\n\n"
                + "Test?\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer:", new FewShotPrompt(0).build(List.of(), QUESTION));
    }

    @Test
    void defaultsToFiveShotsAndNeedsThatManyDevQuestions() {
        assertEquals(5, new FewShotPrompt().shots());
        assertThrows(IllegalArgumentException.class, () -> new FewShotPrompt().build(DEV, QUESTION));
    }

    /** A stand-in tokenizer: one token per whitespace-separated word, plus BOS. */
    private static int words(String prompt) {
        return prompt.strip().split("\\s+").length + 1;
    }

    private static final int ZERO_SHOT_WORDS = words(new FewShotPrompt(0).build(List.of(), QUESTION));
    private static final int ONE_SHOT_WORDS = words(new FewShotPrompt(1).build(DEV, QUESTION));
    private static final int TWO_SHOT_WORDS = words(new FewShotPrompt(2).build(DEV, QUESTION));

    @Test
    void keepsEveryShotWhenThePromptFits() {
        FewShotPrompt prompt = new FewShotPrompt(2).fitting(FewShotPromptTest::words, TWO_SHOT_WORDS);
        assertEquals(new FewShotPrompt(2).build(DEV, QUESTION), prompt.build(DEV, QUESTION));
        assertEquals(2, prompt.shotsThatFit(DEV, QUESTION));
    }

    @Test
    void dropsTheLastShotFirstUntilThePromptFits() {
        FewShotPrompt prompt = new FewShotPrompt(2).fitting(FewShotPromptTest::words, TWO_SHOT_WORDS - 1);
        String built = prompt.build(DEV, QUESTION);
        assertEquals(new FewShotPrompt(1).build(DEV, QUESTION), built);
        assertTrue(built.contains("Dev one?") && !built.contains("Dev two?"), built);
        assertEquals(1, prompt.shotsThatFit(DEV, QUESTION));
    }

    @Test
    void dropsEveryShotButNeverTheQuestion() {
        FewShotPrompt prompt = new FewShotPrompt(2).fitting(FewShotPromptTest::words, ONE_SHOT_WORDS - 1);
        String built = prompt.build(DEV, QUESTION);
        assertEquals(new FewShotPrompt(0).build(List.of(), QUESTION), built);
        assertTrue(built.endsWith("Test?\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer:"), built);
        assertTrue(words(built) <= ONE_SHOT_WORDS - 1);
    }

    @Test
    void aQuestionLongerThanTheBudgetIsAnErrorNotACut() {
        FewShotPrompt prompt = new FewShotPrompt(2).fitting(FewShotPromptTest::words, ZERO_SHOT_WORDS - 1);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> prompt.build(DEV, QUESTION));
        assertTrue(error.getMessage().contains("abstract_algebra question \"Test?\" takes " + ZERO_SHOT_WORDS
                + " tokens with no shot, over the budget of " + (ZERO_SHOT_WORDS - 1)), error.getMessage());
        assertTrue(error.getMessage().contains("never cut"), error.getMessage());
    }

    @Test
    void withoutABudgetNothingIsMeasuredOrDropped() {
        FewShotPrompt prompt = new FewShotPrompt(2);
        assertEquals(2, prompt.shotsThatFit(DEV, QUESTION));
        assertThrows(IllegalArgumentException.class, () -> prompt.fitting(FewShotPromptTest::words, 0));
    }

    @Test
    void theScorerSendsFittedPromptsThatEndInTheirTestQuestion(@TempDir Path dir) throws IOException {
        MultipleChoiceBenchmark benchmark = MultipleChoiceBenchmark.load(McqFixture.write(dir));
        List<String> sent = new ArrayList<>();
        ContinuationScorer recording = (prompts, continuations) -> {
            sent.addAll(prompts);
            return McqFixture.fakeModel(prompts, continuations);
        };
        // a budget the one-shot prompt exceeds: the dev question goes, the test question stays whole
        FewShotPrompt fitted = new FewShotPrompt(1).fitting(FewShotPromptTest::words, 30);
        McqResult result = new McqScorer(recording, fitted, 2).score(benchmark, List.of("abstract_algebra"));
        assertEquals(16, sent.size());
        assertTrue(sent.stream().noneMatch(p -> p.contains("What is 1+1?")), sent.get(0));
        assertTrue(sent.get(0).endsWith("q1 pick A\nA. a\nB. b\nC. c\nD. d\nAnswer:"), sent.get(0));
        assertEquals(75.0, result.overall(), 1e-9);
    }
}
