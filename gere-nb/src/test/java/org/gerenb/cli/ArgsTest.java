package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Options of a subcommand: both spellings, flags, and errors that name the option. */
class ArgsTest {

    private static Args args(String... options) {
        String[] argv = new String[options.length + 1];
        argv[0] = "perplexity";
        System.arraycopy(options, 0, argv, 1, options.length);
        return new Args("perplexity", argv, 1);
    }

    @Test
    void equalsSignAndSpaceGiveTheSameValues() {
        Args spaced = args("--model", "m", "--max-length", "64", "--k", "0.5");
        Args joined = args("--model=m", "--max-length=64", "--k=0.5");
        for (Args a : new Args[] {spaced, joined}) {
            assertEquals(Path.of("m"), a.path("model"));
            assertEquals(64, a.integer("max-length", 1));
            assertEquals(0.5, a.number("k", 1.0));
            a.requireAllUsed();
        }
    }

    @Test
    void aValueMayItselfHoldAnEqualsSignOrBeEmpty() {
        Args a = args("--out=dir/a=b.csv", "--device=");
        assertEquals("dir/a=b.csv", a.string("out"));
        assertEquals("", a.string("device"));
    }

    @Test
    void aNameAloneIsAFlag() {
        Args a = args("--compare", "--steps", "3");
        assertTrue(a.flag("compare"));
        assertEquals(3, a.integer("steps", 1));
        assertTrue(!args().flag("compare"));
    }

    @Test
    void errorsNameTheOption() {
        assertMessage("perplexity: --max-length expects an integer, got 'many'",
                () -> args("--max-length=many").integer("max-length", 1));
        assertMessage("perplexity: missing --data", () -> args("--model=m").string("data"));
        assertMessage("perplexity: unexpected argument 'file.jsonl'", () -> args("file.jsonl"));
        assertMessage("perplexity: an option needs a name, as in --name=value", () -> args("--=3"));
        Args typo = args("--modle=m");
        assertMessage("perplexity: unknown option(s) [--modle]", typo::requireAllUsed);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        Args.UsageException e = assertThrows(Args.UsageException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
