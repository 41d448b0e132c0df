package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.gerenb.model.TextTokenizer;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.Test;

/** Texts asked again are not encoded again, and their ids are the tokenizer's. */
class TokenIdsTest {

    @Test
    void aTextIsEncodedOnceWithAndWithoutBos() {
        try (TextTokenizer tokenizer = TextTokenizer.load(TinySetup.TOKENIZER)) {
            TokenIds ids = new TokenIds(tokenizer);
            String prompt = "Is the following message spam?\nWin a free cruise now\nAnswer:";
            long[] first = ids.encode(prompt);
            assertArrayEquals(tokenizer.encode(prompt), first);
            assertSame(first, ids.encode(prompt));
            long[] label = ids.encodePlain(" spam");
            assertArrayEquals(tokenizer.encodePlain(" spam"), label);
            assertSame(label, ids.encodePlain(" spam"));
            assertArrayEquals(tokenizer.encode(" spam"), ids.encode(" spam")); // the two kinds are kept apart
        }
    }
}
