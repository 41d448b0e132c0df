package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class McqScorerTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path dir;

    @Test
    void scoresPerSubjectCategoryAndOverall() throws IOException {
        MultipleChoiceBenchmark benchmark = MultipleChoiceBenchmark.load(McqFixture.write(dir));
        McqResult result = new McqScorer(McqFixture::fakeModel, new FewShotPrompt(1), 3).score(benchmark);
        // abstract_algebra 3/4, philosophy 1/2, my_topic 1/1; overall 5/7 pooled
        assertEquals(75.0, result.subject("abstract_algebra"), EPS);
        assertEquals(50.0, result.category(SubjectCategories.HUMANITIES), EPS);
        assertEquals(100.0, result.category("Custom"), EPS);
        assertEquals(500.0 / 7, result.overall(), EPS);

        Table table = result.table();
        assertEquals(List.of("subject", "subject", "subject", "category", "category", "category", "overall"),
                table.stringColumn("scope").asList());
        assertEquals(List.of("abstract_algebra", "my_topic", "philosophy", "Humanities", "STEM", "Custom", "overall"),
                table.stringColumn("name").asList());
        assertEquals(7, table.intColumn("questions").get(6));
        assertEquals(5, table.intColumn("correct").get(6));
    }

    @Test
    void asksForTheFourLettersAfterTheFewShotPromptInChunks() throws IOException {
        MultipleChoiceBenchmark benchmark = MultipleChoiceBenchmark.load(McqFixture.write(dir));
        List<Integer> callSizes = new ArrayList<>();
        List<String> firstCall = new ArrayList<>();
        ContinuationScorer recording = (prompts, continuations) -> {
            if (callSizes.isEmpty()) {
                firstCall.addAll(prompts.subList(0, 1));
                firstCall.addAll(continuations.subList(0, 4));
            }
            callSizes.add(prompts.size());
            return McqFixture.fakeModel(prompts, continuations);
        };
        new McqScorer(recording, new FewShotPrompt(1), 3).score(benchmark, List.of("abstract_algebra"));
        assertEquals(List.of(12, 4), callSizes);
        assertEquals("The following are multiple choice questions (with answers) about abstract algebra.\n\n"
                + "What is 1+1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
                + "q1 pick A\nA. a\nB. b\nC. c\nD. d\nAnswer:", firstCall.get(0));
        assertEquals(List.of(" A", " B", " C", " D"), firstCall.subList(1, 5));
    }

    @Test
    void aModelReturningTheWrongNumberOfScoresIsReported() throws IOException {
        MultipleChoiceBenchmark benchmark = MultipleChoiceBenchmark.load(McqFixture.write(dir));
        McqScorer scorer = new McqScorer((prompts, continuations) -> new double[1], new FewShotPrompt(0), 2);
        assertThrows(IllegalStateException.class, () -> scorer.score(benchmark));
    }
}
