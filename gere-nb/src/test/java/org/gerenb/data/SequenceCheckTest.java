package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceCheckTest {
    @TempDir
    Path root;

    private static final String ITEMS = "[{\"sentence\": \"good\", \"label\": \"positive\"},"
            + " {\"sentence\": \"no consensus\", \"label\": \"-\"}]";

    private Path write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    /** A complete task in the O-LoRA layout, under a family folder as CL_Benchmark nests them. */
    private void writeTask(String dir) throws IOException {
        write(dir + "/labels.json", "[\"negative\", \"positive\"]");
        for (String split : List.of("train", "dev", "test")) {
            write(dir + "/" + split + ".json", ITEMS);
        }
    }

    private Path writeBenchmarkAndReplay() throws IOException {
        write("mmlu/test/anatomy_test.csv", "q,a,b,c,d,A\n");
        return write("replay.jsonl", "{\"text\": \"hello\"}\n");
    }

    @Test
    void aCompleteSequenceLoadsWithItsDroppedItems() throws IOException {
        writeTask("TC/yelp");
        writeTask("SC/amazon");
        Path replay = writeBenchmarkAndReplay();
        List<TaskData> tasks = SequenceCheck.verify(root, List.of("yelp", "amazon"), root.resolve("mmlu"), replay);
        assertEquals(List.of("yelp", "amazon"), tasks.stream().map(TaskData::name).toList());
        assertEquals(new DroppedItems(1, 1, 1), tasks.get(0).droppedItems());
        assertEquals(1, tasks.get(1).train().size());
    }

    @Test
    void everyMissingPathIsNamedAtOnce() throws IOException {
        writeTask("TC/yelp");
        Files.delete(root.resolve("TC/yelp/test.json"));
        Files.delete(root.resolve("TC/yelp/labels.json"));
        write("amazon/train.json", ITEMS); // dev, test and labels.json missing
        SequenceCheck check = SequenceCheck.of(root, List.of("yelp", "amazon", "dbpedia"))
                .benchmark(root.resolve("mmlu")).file("replay set", root.resolve("replay.jsonl"));
        List<Path> expected = List.of(root.resolve("TC/yelp/test.json"), root.resolve("TC/yelp/labels.json"),
                root.resolve("amazon/dev.json"), root.resolve("amazon/test.json"), root.resolve("amazon/labels.json"),
                root.resolve("dbpedia"), root.resolve("mmlu"), root.resolve("replay.jsonl"));
        MissingFilesException error = assertThrows(MissingFilesException.class, check::verify);
        assertEquals(expected, error.paths());
        for (Path path : expected) {
            assertTrue(error.getMessage().contains(path.toString()), error.getMessage());
        }
        assertTrue(error.getMessage().contains("8 missing path(s)"), error.getMessage());
    }

    @Test
    void aBenchmarkWithoutTestFilesAndAMissingRootAreReported() throws IOException {
        write("mmlu/dev/anatomy_dev.csv", "q,a,b,c,d,A\n");
        Path missingRoot = root.resolve("no-such-root");
        MissingFilesException error = assertThrows(MissingFilesException.class,
                () -> SequenceCheck.verify(missingRoot, List.of("order1"), root.resolve("mmlu"), null));
        assertEquals(List.of(missingRoot, root.resolve("mmlu/test")), error.paths());
    }

    @Test
    void aNamedOrderIsCheckedTaskByTask() throws IOException {
        for (String task : TaskSequence.named("orderA").tasks()) {
            writeTask("TC/" + task);
        }
        Files.delete(root.resolve("TC/yahoo/train.json"));
        MissingFilesException error = assertThrows(MissingFilesException.class,
                () -> SequenceCheck.of(root, List.of("orderA")).verify());
        assertEquals(List.of(root.resolve("TC/yahoo/train.json")), error.paths());
    }
}
