package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerMatchingTest {
    @Test
    void normalisesCasePunctuationArticlesAndSpaces() {
        assertEquals("very positive", AnswerMatching.normalize("  The Very  Positive! "));
        assertEquals("verypositive", AnswerMatching.normalize("very-positive"));
        assertEquals("sports", AnswerMatching.normalize("a  Sports."));
        assertEquals("theory", AnswerMatching.normalize("theory"));
        assertEquals("", AnswerMatching.normalize(" an "));
    }

    @Test
    void matchesOnlyEqualNormalisedTexts() {
        assertTrue(AnswerMatching.matches("Entailment.", "entailment"));
        assertTrue(AnswerMatching.matches("the answer", "Answer"));
        assertFalse(AnswerMatching.matches("not_entailment", "entailment"));
        assertTrue(AnswerMatching.matches("not_entailment", "notentailment"));
        assertFalse(AnswerMatching.matches("positive negative", "positive"));
    }
}
