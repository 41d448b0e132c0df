package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
