package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pass read at some positions (the last layer run for those queries only) gives the states the full pass
 * has there, on the embedded model and a real packed row, with the positions out of order and repeated.
 */
class ReadPositionsTest extends EmbeddedModelTest {

    @Test
    void statesReadAtPositionsEqualTheFullPassThere() {
        long[] prompt = tokenizer.encode("What is the sentiment of the following paragraph?\nIt was fine.\nAnswer:");
        List<SharedPromptRows.Row> rows = SharedPromptRows.pack(List.of(prompt, prompt),
                List.of(tokenizer.encodePlain("negative"), tokenizer.encodePlain("very positive")));
        SharedPromptRows.Row row = rows.get(0);
        int width = row.length();
        long[][] read = {{width - 1, 0, 3, 3, row.lastPromptIndex()}};
        NDManager manager = model.manager();
        try (NDScope ignored = new NDScope()) {
            NDArray ids = manager.create(row.ids(), new Shape(1, width));
            NDArray positions = manager.create(row.positions(), new Shape(1, width));
            NDArray mask = manager.create(SharedPromptRows.additiveMask(rows, width), new Shape(1, 1, width, width));
            NDArray full = model.forward(ids, positions, mask).lastHidden();
            NDArray readAt = manager.create(read);
            NDArray partial = model.forward(ids, positions, mask, readAt).lastHidden();
            assertEquals(new Shape(1, read[0].length, model.config().hiddenSize()), partial.getShape());
            for (int j = 0; j < read[0].length; j++) {
                float[] expected = full.get(0, read[0][j]).toFloatArray();
                float[] actual = partial.get(0, j).toFloatArray();
                for (int d = 0; d < expected.length; d++) {
                    assertEquals(expected[d], actual[d], 1e-5f * Math.max(1, Math.abs(expected[d])),
                            "read " + j + " (position " + read[0][j] + "), dimension " + d);
                }
            }
        }
    }

    @Test
    void aPromptPassWithACacheReadsItsLastPositionOnly() {
        long[][] ids = {tokenizer.encode("Call me Ishmael. Some years ago")};
        NDManager manager = model.manager();
        try (NDScope ignored = new NDScope(); KvCache cache = new KvCache(model.config().layers())) {
            NDArray input = manager.create(ids);
            NDArray logits = model.forward(input, manager.ones(input.getShape()),
                    manager.arange(0L, (long) ids[0].length).expandDims(0), cache).logits();
            NDArray full = model.forward(input, manager.ones(input.getShape())).logits();
            assertEquals(new Shape(1, 1, model.config().vocabSize()), logits.getShape());
            assertArrayEquals(full.get(":, -1, :").toFloatArray(), logits.get(":, 0, :").toFloatArray(), 1e-4f);
            assertEquals(ids[0].length, cache.length());
        }
    }
}
