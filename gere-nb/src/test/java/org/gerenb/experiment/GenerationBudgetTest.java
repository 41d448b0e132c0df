package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gerenb.data.Example;
import org.gerenb.data.TaskData;
import org.gerenb.model.TextTokenizer;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.Test;

/** A generation budget shorter than a label makes exact match impossible; the run refuses it by name. */
class GenerationBudgetTest {

    @Test
    void aLabelLongerThanTheBudgetIsRefusedWithTheTaskLabelAndTheNeededBudget() {
        List<Example> examples = List.of(new Example("Four score and seven years ago", "18th-19th century"));
        TaskData era = new TaskData("era", List.of("18th-19th century", "20th-21st century"), examples, examples,
                examples);
        try (TextTokenizer tokenizer = TextTokenizer.load(TinySetup.TOKENIZER)) {
            int tokens = tokenizer.encodePlain("18th-19th century").length;
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> ContinualRun.requireGenerationBudget(List.of(era), tokenizer, tokens - 1));
            assertEquals("evaluation.max_new_tokens is " + (tokens - 1) + ", but task 'era' has the label"
                    + " '18th-19th century' of " + tokens + " tokens, which generation could never produce: set it to"
                    + " at least " + (tokens + 1) + " (label + EOS)", error.getMessage());
            assertDoesNotThrow(() -> ContinualRun.requireGenerationBudget(List.of(era), tokenizer, tokens));
        }
    }
}
