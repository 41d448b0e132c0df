package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDirectoryTest {
    @TempDir
    Path dir;

    private static final String ONE_POSITIVE = "[{\"sentence\": \"good\", \"label\": \"positive\"}]";

    private void write(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content);
    }

    private void writeValidJsonTask() throws IOException {
        write("labels.json", "[\"negative\", \"positive\"]");
        write("train.json", "[\n {\"sentence\": \"great\", \"label\": \"positive\", \"id\": 7},\n"
                + " {\"sentence\": \"awful\", \"label\": \"negative\"}\n]");
        write("dev.json", ONE_POSITIVE);
        write("test.json", ONE_POSITIVE);
    }

    @Test
    void loadsTheOLoraLayout() throws IOException {
        writeValidJsonTask();
        TaskData task = TaskDirectory.load(dir, "sst-2");
        assertEquals("sst-2", task.name());
        assertEquals(List.of("negative", "positive"), task.labels());
        assertEquals(List.of(new Example("great", "positive"), new Example("awful", "negative")), task.train());
        assertEquals(List.of(new Example("good", "positive")), task.test());
    }

    @Test
    void loadsJsonLinesAndCsvSplitsAndInfersLabelsFromTrain() throws IOException {
        write("train.jsonl", "{\"sentence\": \"s1\", \"label\": \"ham\"}\n\n{\"sentence\": \"s2\", \"label\": \"spam\"}\n");
        write("dev.csv", "sentence,label\n\"a, quoted\nsentence\",spam\n");
        write("test.jsonl", "{\"sentence\": \"s3\", \"label\": \"ham\"}");
        TaskData task = TaskDirectory.load(dir);
        assertEquals(dir.getFileName().toString(), task.name());
        assertEquals(List.of("ham", "spam"), task.labels());
        assertEquals(List.of(new Example("a, quoted\nsentence", "spam")), task.dev());
    }

    @Test
    void itemsWithALabelOutsideLabelsJsonAreDroppedAndCountedPerSplit() throws IOException {
        writeValidJsonTask();
        write("train.json", "[\n {\"sentence\": \"great\", \"label\": \"positive\"},\n"
                + " {\"sentence\": \"unsure\", \"label\": \"-\"},\n {\"sentence\": \"meh\", \"label\": \"-\"},\n"
                + " {\"sentence\": \"awful\", \"label\": \"negative\"}\n]");
        write("test.json", "[{\"sentence\": \"b\", \"label\": \"neutral\"}, " + ONE_POSITIVE.substring(1));
        TaskData task = TaskDirectory.load(dir);
        assertEquals(List.of(new Example("great", "positive"), new Example("awful", "negative")), task.train());
        assertEquals(List.of(new Example("good", "positive")), task.test());
        assertEquals(new DroppedItems(2, 0, 1), task.droppedItems());
        assertEquals(3, task.droppedItems().total());
        assertEquals(task.droppedItems(), task.sampled(Split.TRAIN, 1, 42).droppedItems());
    }

    @Test
    void aSplitLeftEmptyByDroppingIsAnError() throws IOException {
        writeValidJsonTask();
        write("dev.json", "[{\"sentence\": \"b\", \"label\": \"neutral\"}]");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(dir.resolve("dev.json"), error.file());
        assertTrue(error.getMessage().contains("the dev split is empty (after dropping"), error.getMessage());
    }

    @Test
    void withoutLabelsJsonAnUnknownTestLabelIsStillAnError() throws IOException {
        write("train.jsonl", "{\"sentence\": \"s1\", \"label\": \"ham\"}");
        write("dev.jsonl", "{\"sentence\": \"s2\", \"label\": \"ham\"}");
        write("test.jsonl", "{\"sentence\": \"a\", \"label\": \"ham\"}\n{\"sentence\": \"b\", \"label\": \"eggs\"}");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(OptionalInt.of(2), error.line());
        assertTrue(error.getMessage().contains("item 1: label \"eggs\" is not in the train labels"), error.getMessage());
    }

    @Test
    void unknownLabelInCsvNamesTheRecordLine() throws IOException {
        write("train.jsonl", "{\"sentence\": \"s1\", \"label\": \"ham\"}");
        write("dev.csv", "sentence,label\nx,ham\n\"two\nlines\",ham\ny,eggs\n");
        write("test.jsonl", "{\"sentence\": \"s3\", \"label\": \"ham\"}");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(OptionalInt.of(5), error.line());
        assertTrue(error.getMessage().contains("record 3: label \"eggs\""), error.getMessage());
    }

    @Test
    void emptySplitNamesTheFile() throws IOException {
        writeValidJsonTask();
        write("test.json", "[]");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(dir.resolve("test.json"), error.file());
        assertTrue(error.getMessage().contains("the test split is empty"), error.getMessage());
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        writeValidJsonTask();
        write("train.json", "[\n {\"sentence\": \"a\", \"label\": \"positive\"},\n {\"sentence\": \"b\" \"label\": \"negative\"}\n]");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(dir.resolve("train.json"), error.file());
        assertEquals(OptionalInt.of(3), error.line());
        assertTrue(error.getMessage().startsWith(dir.resolve("train.json") + ":3: invalid JSON"), error.getMessage());
    }

    @Test
    void malformedJsonLinesNamesTheLine() throws IOException {
        write("train.jsonl", "{\"sentence\": \"s1\", \"label\": \"ham\"}\n{\"sentence\": \"s2\", \"label\": }\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(OptionalInt.of(2), error.line());
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        writeValidJsonTask();
        write("dev.json", "[{\"text\": \"a\", \"label\": \"positive\"}]");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertTrue(error.getMessage().contains("missing \"sentence\""), error.getMessage());
    }

    @Test
    void twoFormatsForOneSplitAreAmbiguous() throws IOException {
        writeValidJsonTask();
        write("dev.jsonl", "{\"sentence\": \"s\", \"label\": \"positive\"}");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertTrue(error.getMessage().contains("found [dev.json, dev.jsonl]"), error.getMessage());
    }

    @Test
    void missingSplitIsNamed() throws IOException {
        writeValidJsonTask();
        Files.delete(dir.resolve("dev.json"));
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertTrue(error.getMessage().contains("found none"), error.getMessage());
    }

    @Test
    void duplicateLabelsAreRejected() throws IOException {
        writeValidJsonTask();
        write("labels.json", "[\"positive\", \"positive\"]");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(dir.resolve("labels.json"), error.file());
    }

    @Test
    void csvWithoutLabelColumnNamesTheHeader() throws IOException {
        write("train.csv", "text,label\nx,y\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(OptionalInt.of(1), error.line());
        assertTrue(error.getMessage().contains("column \"sentence\""), error.getMessage());
    }

    @Test
    void brokenCsvQuotingNamesTheLine() throws IOException {
        write("train.csv", "sentence,label\nx,y\n\"a\"b,y\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> TaskDirectory.load(dir));
        assertEquals(OptionalInt.of(3), error.line());
    }
}
