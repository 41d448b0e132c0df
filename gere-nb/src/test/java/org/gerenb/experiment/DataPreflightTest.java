package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gerenb.data.MissingFilesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreflightTest {
    @TempDir
    Path root;

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private ExperimentSpec spec(String methods) {
        String json = "{\"name\": \"pre\", \"model\": \"" + root.resolve("model") + "\", \"tasks\": {\"root\": \""
                + root.resolve("tasks") + "\", \"sequence\": [\"yelp\"]}, \"replay\": {\"file\": \""
                + root.resolve("replay.jsonl") + "\"}, \"methods\": " + methods + "}";
        return ExperimentSpec.parse(json, "test spec");
    }

    private void writeYelp() throws IOException {
        write("tasks/yelp/labels.json", "[\"negative\", \"positive\"]");
        String items = "[{\"sentence\": \"a\", \"label\": \"positive\"}, {\"sentence\": \"b\", \"label\": \"-\"}]";
        for (String split : List.of("train", "dev", "test")) {
            write("tasks/yelp/" + split + ".json", items);
        }
    }

    @Test
    void recordsTheDroppedItemsOfEveryTaskForTheManifest() throws IOException {
        writeYelp();
        JsonObject data = DataPreflight.check(spec("[\"baseline\"]"));
        assertEquals("{\"dropped_items\":{\"yelp\":{\"train\":1,\"dev\":1,\"test\":1}}}", data.toString());
    }

    @Test
    void theReplayFileIsRequiredOnlyWhenAMethodReplays() throws IOException {
        writeYelp();
        MissingFilesException error = assertThrows(MissingFilesException.class,
                () -> DataPreflight.check(spec("[\"baseline\", \"tm:dy\"]")));
        assertEquals(List.of(root.resolve("replay.jsonl")), error.paths());
    }
}
