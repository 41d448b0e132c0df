package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.gerenb.data.Example;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.TaskData;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.TokenBatch;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training sequences: BOS + prompt (at most 512 tokens), then label + EOS (at most 50), loss on the label only. */
class TaskEncoderTest {

    private static TextTokenizer tokenizer;
    private static final InstructionTemplates TEMPLATES = InstructionTemplates.standard();

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TinySetup.TOKENIZER);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static TaskData task(List<String> labels, List<Example> examples) {
        return new TaskData("yelp", labels, examples, examples, examples);
    }

    @Test
    void sourceIsBosAndPromptTargetIsLabelAndEos() {
        Example example = new Example("Great coffee and kind staff.", "positive");
        TaskData task = task(List.of("negative", "positive"), List.of(example));
        TrainingItem item = new TaskEncoder(tokenizer, TEMPLATES).encode(task, task.train()).get(0);
        long[] prompt = tokenizer.encode(TEMPLATES.forTask(task).render(example.sentence()));
        assertEquals(tokenizer.bosId(), prompt[0]);
        long[] label = tokenizer.encodePlain("positive");
        assertEquals(prompt.length, item.targetStart());
        assertArrayEquals(prompt, Arrays.copyOf(item.ids(), prompt.length));
        assertArrayEquals(label, Arrays.copyOfRange(item.ids(), prompt.length, prompt.length + label.length));
        assertEquals(tokenizer.eosId(), item.ids()[item.ids().length - 1]);
        assertEquals(prompt.length + label.length + 1, item.ids().length);
        assertTrue(!item.isReplay());
        // labels: -100 on the prompt, the answer tokens after it
        long[] labels = TokenBatch.withTargets(List.of(item.ids()), List.of(item.targetStart()), 0).labels()[0];
        for (int t = 0; t < labels.length; t++) {
            assertEquals(t < prompt.length ? TokenBatch.IGNORE : item.ids()[t], labels[t], "position " + t);
        }
    }

    @Test
    void longPromptsAndLabelsAreCut() {
        String sentence = "word ".repeat(2000);
        String label = "very long label ".repeat(40).strip();
        TaskData task = task(List.of(label, "short"), List.of(new Example(sentence, label)));
        TrainingItem item = new TaskEncoder(tokenizer, TEMPLATES).encode(task, task.train()).get(0);
        assertTrue(tokenizer.encodePlain(label).length > TaskEncoder.MAX_TARGET_TOKENS);
        assertEquals(TaskEncoder.PAPER_SOURCE_TOKENS, item.targetStart());
        assertEquals(TaskEncoder.PAPER_SOURCE_TOKENS + TaskEncoder.MAX_TARGET_TOKENS, item.ids().length);
        assertEquals(tokenizer.eosId(), item.ids()[item.ids().length - 1], "EOS survives the cut");
        assertEquals(tokenizer.bosId(), item.ids()[0]);
    }

    @Test
    void aShorterCutKeepsTheFirstTokensOfTheSourceAndTheWholeAnswer() {
        String sentence = "word ".repeat(400);
        TaskData task = task(List.of("spam", "ham"), List.of(new Example(sentence, "spam")));
        TrainingItem whole = new TaskEncoder(tokenizer, TEMPLATES).encode(task, task.train()).get(0);
        TrainingItem cut = new TaskEncoder(tokenizer, TEMPLATES, 128).encode(task, task.train()).get(0);
        assertEquals(128, cut.targetStart());
        assertArrayEquals(java.util.Arrays.copyOf(whole.ids(), 128), java.util.Arrays.copyOf(cut.ids(), 128));
        assertArrayEquals(java.util.Arrays.copyOfRange(whole.ids(), whole.targetStart(), whole.ids().length),
                java.util.Arrays.copyOfRange(cut.ids(), 128, cut.ids().length), "the answer is never cut");
    }
}
