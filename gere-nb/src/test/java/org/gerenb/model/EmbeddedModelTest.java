package org.gerenb.model;

import java.nio.file.Path;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests on the embedded base model (datasets/model) and the project's tokenizer, loaded once per class. */
public abstract class EmbeddedModelTest {

    protected static LlamaModel model;
    protected static TextTokenizer tokenizer;

    @BeforeAll
    public static void loadEmbeddedModel() {
        model = Checkpoint.load(Path.of("../datasets/model"));
        tokenizer = TextTokenizer.load(TinySetup.TOKENIZER);
    }

    @AfterAll
    public static void closeEmbeddedModel() {
        model.close();
        tokenizer.close();
    }
}
