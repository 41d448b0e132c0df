package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's own words: help per command, the version, and usage errors. */
class MainTest {

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome execute(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandHelpPrintsThatCommandsUsageAndSucceeds() {
        for (String[] argv : new String[][] {{"run", "--help"}, {"run", "spec.json", "-h"}, {"help", "run"}}) {
            Outcome o = execute(argv);
            assertEquals(0, o.status(), String.join(" ", argv) + ": " + o.err());
            assertTrue(o.out().startsWith("usage: ./gere run        FILE.json"), o.out());
            assertTrue(!o.out().contains("perplexity"), "only the command asked about: " + o.out());
        }
        Outcome reference = execute("reference", "--model", "m", "--help");
        assertEquals(0, reference.status());
        assertTrue(reference.out().contains("--replay FILE.jsonl"), reference.out());
    }

    @Test
    void plainHelpListsEveryCommand() {
        for (String[] argv : new String[][] {{}, {"--help"}, {"help"}}) {
            Outcome o = execute(argv);
            assertEquals(0, o.status());
            for (String command : Usage.commands()) {
                assertTrue(o.out().contains("  " + command + " "), command + " in " + o.out());
            }
        }
    }

    @Test
    void versionPrintsTheVersion() {
        Outcome o = execute("--version");
        assertEquals(0, o.status());
        assertEquals("gere " + Main.version() + System.lineSeparator(), o.out());
    }

    @Test
    void usageErrorsExitWithTwoAndShowTheCommandsUsage() {
        Outcome missing = execute("run");
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("run: missing FILE\nusage: ./gere run "), missing.err());
        Outcome option = execute("perplexity", "--model=m");
        assertEquals(2, option.status());
        assertTrue(option.err().startsWith("perplexity: missing --data"), option.err());
        Outcome unknown = execute("trian");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("unknown command 'trian' (known: perplexity, pretrain"), unknown.err());
        assertEquals(2, execute("help", "trian").status());
    }
}
