package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.Example;
import org.gerenb.data.PromptTemplate;
import org.gerenb.model.EmbeddedModelTest;
import org.junit.jupiter.api.Test;

/**
 * Both metrics from one reading of each prompt predict what the two separate evaluations predict, and a
 * recording judge writes down every label scored and every completion, as the separate calls do.
 */
class ClassificationBothTest extends EmbeddedModelTest {

    @Test
    void generationAndRankingTogetherEqualEachAlone() {
        PromptTemplate template = new PromptTemplate("Which era is the following passage from?",
                List.of("old", "modern"), "\n");
        List<Example> examples = new ArrayList<>();
        String[] passages = {"Thou shalt not pass, quoth he, and drew his sword.", "Click the button to sync your phone.",
            "The carriage waited by the inn while the squire dined.", "She texted him from the airport lounge."};
        for (int i = 0; i < 12; i++) {
            examples.add(new Example(passages[i % passages.length] + " " + i, i % 2 == 0 ? "old" : "modern"));
        }
        ClassificationEval eval = new ClassificationEval(5);
        ModelJudge judge = new ModelJudge(model, tokenizer, 3, 6, 64);
        Transcript transcript = new Transcript();
        ClassificationEval.Both both = eval.byGenerationAndRanking(examples, template, judge.recordingInto(transcript));

        assertEquals(eval.byGeneration(examples, template, judge).predictions(), both.generation().predictions());
        assertEquals(eval.byLabelRanking(examples, template, judge).predictions(), both.ranking().predictions());
        assertEquals(examples.size() * template.labels().size(), transcript.scored().size());
        assertEquals(examples.size(), transcript.generated().size());
    }
}
