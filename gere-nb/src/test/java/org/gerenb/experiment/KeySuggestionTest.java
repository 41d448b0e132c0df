package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which valid key an unknown one is taken for, and when none is close enough to suggest. */
class KeySuggestionTest {

    private static final List<String> VALID = List.of("model", "tasks", "tasks.sequence", "tasks.train_per_class",
            "training", "training.lr", "training.epochs", "training.global_batch", "evaluation.batch_size");

    @Test
    void theOwnSectionComesFirstThenEveryKey() {
        assertEquals(Optional.of("training.epochs"), KeySuggestion.closest("training.epoks", VALID));
        assertEquals(Optional.of("training.lr"), KeySuggestion.closest("tasks.learning_rate", VALID));
        assertEquals(Optional.of("evaluation.batch_size"), KeySuggestion.closest("training.batch_size", VALID));
        assertEquals(Optional.of("tasks"), KeySuggestion.closest("taks", VALID));
    }

    @Test
    void aGuessIsNotASuggestion() {
        assertEquals(Optional.empty(), KeySuggestion.closest("training.momentum", VALID));
        assertEquals(Optional.empty(), KeySuggestion.closest("x", VALID));
    }

    @Test
    void distancesCountTyposSwapsInitialsAndWords() {
        assertEquals(0, KeySuggestion.distance("trainPerClass", "train_per_class"));
        assertEquals(1, KeySuggestion.distance("learning_rate", "lr"));
        assertEquals(1, KeySuggestion.distance("sequnece", "sequence"));
        assertEquals(1, KeySuggestion.distance("warmup_steps", "warmup"));
        assertEquals(1, KeySuggestion.distance("max_lenth", "max_length"));
    }

    @Test
    void keysOfASectionAreListedInReadingOrder() {
        assertEquals(List.of("lr", "epochs", "global_batch"), KeySuggestion.keysOf("training", VALID));
        assertEquals(List.of("model", "tasks", "training"), KeySuggestion.keysOf("", VALID));
    }
}
