package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionTemplatesTest {
    private final InstructionTemplates templates = InstructionTemplates.standard();

    @Test
    void sentimentPromptMatchesTheSpecExample() {
        String prompt = templates.prompt("yelp",
                List.of("very negative", "negative", "neutral", "positive", "very positive"), "Great food.");
        assertEquals("What is the sentiment of the following paragraph? Choose one from the option.\n"
                + "Option: very negative, negative, neutral, positive, very positive\n"
                + "Great food.\nAnswer:", prompt);
    }

    @Test
    void everyFamilyRendersByteForByte() {
        List<String> yesNo = List.of("true", "false");
        assertEquals("What is the topic of the following paragraph? Choose one from the option.\n"
                + "Option: true, false\nS\nAnswer:", templates.prompt("DBpedia", yesNo, "S"));
        assertEquals("What is the logical relationship between the \"sentence 1\" and the \"sentence 2\"?"
                + " Choose one from the option.\nOption: true, false\nS\nAnswer:", templates.prompt("MNLI", yesNo, "S"));
        assertEquals("Whether the \"first sentence\" and the \"second sentence\" have the same meaning?"
                + " Choose one from the option.\nOption: true, false\nS\nAnswer:", templates.prompt("QQP", yesNo, "S"));
        assertEquals("According to the following passage, is the question true or false?"
                + " Choose one from the option.\nOption: true, false\nS\nAnswer:", templates.prompt("BoolQA", yesNo, "S"));
        assertEquals("According to the following passage and question, is the candidate answer true or false?"
                + " Choose one from the option.\nOption: true, false\nS\nAnswer:", templates.prompt("MultiRC", yesNo, "S"));
        assertEquals("Given a word and two sentences, whether the word is used with the same sense in both"
                + " sentences? Choose one from the option.\nOption: true, false\nS\nAnswer:", templates.prompt("WiC", yesNo, "S"));
        assertEquals("Which option is the correct answer to the following question?"
                + " Choose one from the option.\nOption: true, false\nS\nAnswer:", templates.prompt("COPA", yesNo, "S"));
        assertEquals("Which text does the following passage come from? Choose one from the option.\n"
                + "Option: true, false\nS\nAnswer:", templates.prompt("source", yesNo, "S"));
        assertEquals("Is the following message spam or ham? Choose one from the option.\n"
                + "Option: true, false\nS\nAnswer:", templates.prompt("spam", yesNo, "S"));
    }

    @Test
    void mapsAllFifteenBenchmarkTasksCaseInsensitively() {
        for (String task : TaskSequence.named("order1").tasks()) {
            templates.familyOf(task.toUpperCase());
        }
        assertSame(InstructionTemplates.SENTIMENT, templates.familyOf("SST-2"));
        assertSame(InstructionTemplates.NLI, templates.familyOf("rte"));
        assertSame(InstructionTemplates.TOPIC, templates.familyOf("AgNews"));
    }

    @Test
    void customTasksCanBeRegistered() {
        TaskFamily poems = new TaskFamily("poem", "Who wrote this poem? Choose one from the option.");
        InstructionTemplates extended = templates.withTask("Poets", poems);
        assertEquals("Who wrote this poem? Choose one from the option.\nOption: A, B\nverse\nAnswer:",
                extended.prompt("poets", List.of("A", "B"), "verse"));
        assertThrows(IllegalArgumentException.class, () -> templates.familyOf("poets"));
    }

    @Test
    void oLoraSpacingPutsASpaceBeforeTheNewline() {
        String prompt = templates.withOptionLineEnd(InstructionTemplates.O_LORA_OPTION_LINE_END)
                .prompt("cb", List.of("entailment", "neutral"), "S");
        assertEquals("What is the logical relationship between the \"sentence 1\" and the \"sentence 2\"?"
                + " Choose one from the option.\nOption: entailment, neutral \nS\nAnswer:", prompt);
    }
}
