package org.gerenb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void bars() {
        assumeFalse(Progress.quiet(), "GERE_QUIET silences bars");
    }

    private Progress bar(int total) {
        return new Progress("train", total, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
    }

    private List<String> printedLines() {
        String text = printed.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void withoutAConsoleOrADisplayABarPrintsEveryTenPercent() {
        try (Progress progress = bar(20)) {
            for (int i = 0; i < 20; i++) {
                progress.step("loss");
            }
        }
        assertEquals(10, printedLines().size());
        assertTrue(printedLines().get(9).startsWith("train [##############################] 100% 20/20"), printedLines().get(9));
    }

    @Test
    void aDisplayThatRefusesIsAskedOnceAndTheBarsGoBackToPrintedLines() {
        List<String> drawn = new ArrayList<>();
        try (Progress.Scope scope = Progress.drawIn(line -> drawn.add(line) && false); Progress progress = bar(20)) {
            for (int i = 0; i < 20; i++) {
                progress.step("loss");
            }
        }
        assertEquals(1, drawn.size(), "never asked again after refusing");
        assertEquals(10, printedLines().size());
    }

    @Test
    void aScopeClosedLateDoesNotReinstateItsDisplay() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        Progress.Scope one = Progress.drawIn(first::add);
        Progress.Scope two = Progress.drawIn(second::add);
        one.close();
        try (Progress progress = bar(1)) {
            progress.step("loss");
        }
        two.close();
        try (Progress progress = bar(1)) {
            progress.step("loss");
        }
        assertEquals(0, first.size());
        assertEquals(1, second.size(), "the latest scope's display drew the first bar");
        assertEquals(1, printedLines().size(), "the second bar, after both scopes closed, printed");
    }
}
