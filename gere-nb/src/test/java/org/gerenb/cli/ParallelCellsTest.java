package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gerenb.experiment.Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker pool against stand-in children: shell commands that print stage lines and exit. */
class ParallelCellsTest {

    @TempDir
    Path dir;

    private Experiment experiment() {
        return Experiment.builtIn("quickstart").atScale("ci").resultsIn(dir.resolve("results").toString());
    }

    /** A child that prints its thread budget and two stage lines, and exits with {@code status}. */
    private static List<String> child(Experiment.Cell cell, int status) {
        return List.of("bash", "-c", "echo threads=$OMP_NUM_THREADS; echo '" + cell.label() + " seed " + cell.seed()
                + " stage 0: base'; echo '" + cell.label() + " seed " + cell.seed() + " stage 1: done'; exit " + status);
    }

    @Test
    void everyCellRunsOnceInItsOrderWithItsLogAndAShareOfTheCores() throws IOException {
        Experiment experiment = experiment();
        List<Experiment.Cell> cells = experiment.cells();
        Map<Experiment.Cell, Double> seconds = new ParallelCells(experiment, 2, cell -> child(cell, 0)).runAll(cells);
        assertEquals(cells, List.copyOf(seconds.keySet()), "one duration per cell, in the cells' order");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        for (Experiment.Cell cell : cells) {
            assertTrue(seconds.get(cell) >= 0);
            List<String> log = Files.readAllLines(experiment.cellDirectory(cell).resolve("log.txt"));
            assertEquals(List.of("threads=" + threads, cell.label() + " seed " + cell.seed() + " stage 0: base",
                    cell.label() + " seed " + cell.seed() + " stage 1: done"), log);
        }
    }

    @Test
    void aFailedCellIsNamedAfterTheOthersFinished() throws IOException {
        Experiment experiment = experiment();
        List<Experiment.Cell> cells = experiment.cells();
        Experiment.Cell failing = cells.get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ParallelCells(experiment, 2,
                cell -> child(cell, cell.equals(failing) ? 3 : 0)).runAll(cells));
        assertTrue(e.getMessage().startsWith("1 cell(s) failed; run the command again to resume them"), e.getMessage());
        assertTrue(e.getMessage().contains(failing.label() + ", seed " + failing.seed() + " (exit 3"), e.getMessage());
        for (Experiment.Cell cell : cells) {
            assertTrue(Files.exists(experiment.cellDirectory(cell).resolve("log.txt")), "every cell ran: " + cell);
        }
    }
}
