package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSequenceTest {
    @TempDir
    Path root;

    private void writeTask(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String split : List.of("train", "dev", "test")) {
            Files.writeString(dir.resolve(split + ".jsonl"), "{\"sentence\": \"s\", \"label\": \"ham\"}");
        }
    }

    @Test
    void longOrdersHoldTheFifteenTasksInTheSpecOrder() {
        assertEquals(List.of("MNLI", "CB", "WiC", "COPA", "QQP", "BoolQA", "RTE", "IMDB", "yelp", "amazon",
                "SST-2", "dbpedia", "agnews", "MultiRC", "yahoo"), TaskSequence.named("order1").tasks());
        assertEquals(List.of("MultiRC", "BoolQA", "WiC", "MNLI", "CB", "COPA", "QQP", "RTE", "IMDB", "SST-2",
                "dbpedia", "agnews", "yelp", "amazon", "yahoo"), TaskSequence.named("order2").tasks());
        assertEquals(List.of("yelp", "amazon", "MNLI", "CB", "COPA", "QQP", "RTE", "IMDB", "SST-2", "dbpedia",
                "agnews", "yahoo", "MultiRC", "BoolQA", "WiC"), TaskSequence.named("order3").tasks());
        for (String order : List.of("order1", "order2", "order3")) {
            assertEquals(15, new HashSet<>(TaskSequence.named(order).tasks()).size());
        }
    }

    @Test
    void shortOrdersAreTheThreeOLoraPermutations() {
        assertEquals(List.of("dbpedia", "amazon", "yahoo", "agnews"), TaskSequence.named("orderA").tasks());
        assertEquals(List.of("dbpedia", "amazon", "agnews", "yahoo"), TaskSequence.named("orderB").tasks());
        assertEquals(List.of("yahoo", "amazon", "agnews", "dbpedia"), TaskSequence.named("ORDERC").tasks());
        assertThrows(IllegalArgumentException.class, () -> TaskSequence.named("order4"));
    }

    @Test
    void embeddedWithoutListUsesTheFixedOrderOfPresentTasks() throws IOException {
        writeTask(root.resolve("spam"));
        writeTask(root.resolve("yelp"));
        writeTask(root.resolve("amazon"));
        assertEquals(List.of("amazon", "yelp", "spam"), TaskSequence.embedded(root).tasks());
    }

    @Test
    void embeddedFollowsSequenceTxt() throws IOException {
        writeTask(root.resolve("spam"));
        writeTask(root.resolve("yelp"));
        Files.writeString(root.resolve("sequence.txt"), "# spam first\nspam\n\nyelp\n");
        TaskSequence sequence = TaskSequence.embedded(root);
        assertEquals(List.of("spam", "yelp"), sequence.tasks());
        assertEquals(List.of("spam", "yelp"), sequence.load(root).stream().map(TaskData::name).toList());
    }

    @Test
    void sequenceTxtNamingAMissingTaskGivesItsLine() throws IOException {
        writeTask(root.resolve("spam"));
        Files.writeString(root.resolve("sequence.txt"), "spam\nera\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskSequence.embedded(root));
        assertEquals(OptionalInt.of(2), error.line());
    }

    @Test
    void locatesTasksCaseInsensitivelyAlsoOneLevelDown() throws IOException {
        writeTask(root.resolve("NLI").resolve("MNLI"));
        writeTask(root.resolve("BoolQA").resolve("BoolQA"));
        writeTask(root.resolve("yelp"));
        assertEquals(root.resolve("NLI").resolve("MNLI"), TaskLocator.locate(root, "mnli"));
        assertEquals(root.resolve("BoolQA").resolve("BoolQA"), TaskLocator.locate(root, "boolqa"));
        assertEquals(root.resolve("yelp"), TaskLocator.locate(root, "YELP"));
    }

    @Test
    void missingOrAmbiguousTaskDirectoryIsAnError() throws IOException {
        writeTask(root.resolve("a").resolve("yelp"));
        writeTask(root.resolve("b").resolve("Yelp"));
        DataFormatException ambiguous = assertThrows(DataFormatException.class, () -> TaskLocator.locate(root, "yelp"));
        assertTrue(ambiguous.getMessage().contains("more than one"), ambiguous.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class, () -> TaskLocator.locate(root, "imdb"));
        assertTrue(missing.getMessage().contains("no task directory named \"imdb\""), missing.getMessage());
    }
}
