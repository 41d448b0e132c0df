package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.Example;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.PromptTemplate;
import org.junit.jupiter.api.Test;

class ClassificationEvalTest {
    private static final double EPS = 1e-9;
    private static final PromptTemplate TEMPLATE =
            InstructionTemplates.standard().forTask("spam", List.of("spam", "ham"));
    private static final List<Example> TEST = List.of(
            new Example("win money now", "spam"),
            new Example("lunch at noon?", "ham"),
            new Example("cheap pills", "spam"));

    @Test
    void generationIsScoredByNormalisedExactMatch() {
        List<List<String>> calls = new ArrayList<>();
        GreedyGenerator model = prompts -> {
            calls.add(prompts);
            return prompts.stream().map(p -> p.contains("pills") ? " Ham." : p.contains("money") ? "Spam" : "ham").toList();
        };
        ClassificationResult result = new ClassificationEval(2).byGeneration(TEST, TEMPLATE, model);
        // "Spam" ~ spam (right), "ham" = ham (right), " Ham." ~ ham but label spam (wrong): 2 of 3
        assertEquals(2, result.correct());
        assertEquals(200.0 / 3, result.accuracy(), EPS);
        assertEquals(2, calls.size());
        assertEquals("Is the following message spam or ham? Choose one from the option.\n"
                + "Option: spam, ham\nwin money now\nAnswer:", calls.get(0).get(0));
    }

    @Test
    void rankingPicksTheMostLikelyLabel() {
        List<String> seenContinuations = new ArrayList<>();
        ContinuationScorer model = (prompts, continuations) -> {
            seenContinuations.addAll(continuations);
            double[] scores = new double[prompts.size()];
            for (int i = 0; i < scores.length; i++) {
                boolean looksSpammy = prompts.get(i).contains("money") || prompts.get(i).contains("lunch");
                scores[i] = continuations.get(i).equals(looksSpammy ? "spam" : "ham") ? -1 : -5;
            }
            return scores;
        };
        ClassificationResult result = new ClassificationEval(2).byLabelRanking(TEST, TEMPLATE, model);
        assertEquals(List.of("spam", "spam", "ham"), result.predictions());
        assertEquals(100.0 / 3, result.accuracy(), EPS);
        assertEquals(List.of("spam", "ham", "spam", "ham", "spam", "ham"), seenContinuations);
    }
}
