package org.gerenb.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.eval.McqOutcome;
import org.gerenb.eval.McqResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PlotsTest {
    @TempDir
    Path dir;

    private void assertRendersToPng(Chart<?, ?> chart, String name) throws IOException {
        Path file = dir.resolve(name + ".png");
        Plots.png(chart, file);
        assertTrue(Files.size(file) > 1000, name + " PNG is nearly empty");
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
    }

    private static Table stepLog() {
        return Table.create("log",
                IntColumn.create("step", 1, 2, 3, 4),
                StringColumn.create("task", "yelp", "yelp", "amazon", "amazon"),
                DoubleColumn.create("task_ce", 2.0, 1.5, 1.2, 1.1),
                DoubleColumn.create("replay_ce", 2.5, Double.NaN, 2.4, 2.3),
                DoubleColumn.create("constraint", 0.0, 0.1, 0.2, 0.15),
                DoubleColumn.create("lr", 1e-4, 1e-4, 9e-5, 8e-5),
                DoubleColumn.create("grad_norm", 3.1, 2.2, 1.9, 1.7),
                DoubleColumn.create("tokens_per_s", 4900.0, 5100.0, 4800.0, 5000.0),
                DoubleColumn.create("violation_rate", 0.0, 0.02, 0.05, 0.04));
    }

    @Test
    void rendersHeadless() {
        Plots.heatmap(TablesTest.matrix(), "init");
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void everyHeatmapSpansZeroToAHundredSoThatZeroReadsLow() {
        org.knowm.xchart.HeatMapChart chart = Plots.heatmap(TablesTest.matrix(), "R[k][i]");
        assertEquals(0, chart.getStyler().getMin());
        assertEquals(100, chart.getStyler().getMax());
    }

    @Test
    void accuracyChartsRenderToPngsOfTheExpectedSize() throws IOException {
        AccuracyMatrix matrix = TablesTest.matrix();
        assertRendersToPng(Plots.heatmap(matrix, "R[k][i]"), "heatmap");
        assertRendersToPng(Plots.taskCurves(matrix, "tasks across stages"), "tasks");
        Table general = Tables.generalByStage("GeRe", new double[] {65.0, 64.0, 63.5});
        general.append(Tables.generalByStage("Baseline", new double[] {65.0, 50.0, 40.0}));
        assertRendersToPng(Plots.generalCurves(general, "MMLU across stages"), "general");
    }

    @Test
    void stepLogChartsPickTheirColumns() throws IOException {
        assertEquals(List.of("task_ce", "replay_ce", "constraint"), StepLogColumns.losses(stepLog()));
        assertEquals(List.of("violation_rate"), StepLogColumns.violations(stepLog()));
        assertRendersToPng(Plots.lossCurves(stepLog(), "losses"), "losses");
        assertRendersToPng(Plots.violationCurves(stepLog(), "violations"), "violations");
        assertThrows(IllegalArgumentException.class,
                () -> Plots.violationCurves(stepLog().removeColumns("violation_rate"), "none"));
    }

    @Test
    void methodComparisonRendersWithAndWithoutPaperBars() throws IOException {
        Table summary = Tables.summary(List.of(
                MethodSummary.of("BaselineR + TM, w = 100", TablesTest.matrix(), 61.0, 65.0),
                MethodSummary.of("Baseline (no replay)", TablesTest.matrix(), 40.0, 65.0)));
        assertRendersToPng(Plots.methodComparison(summary, "ours"), "comparison");
        assertRendersToPng(Plots.methodComparison(summary, PaperNumbers.table(), "ours vs paper"), "with-paper");
    }

    @Test
    void thresholdsAndSubjectAccuracyRender() throws IOException {
        assertRendersToPng(Plots.thresholds(TablesTest.stats(dir), "thresholds"), "thresholds");
        McqResult result = new McqResult(List.of(new McqOutcome("cloze_novel", "Humanities", "A", "A"),
                new McqOutcome("cloze_novel", "Humanities", "B", "A"), new McqOutcome("quiz_words", "Other", "C", "C")),
                List.of("Humanities", "Other"));
        assertRendersToPng(Plots.subjectAccuracy(result, "per subject"), "subjects");
    }

    @Test
    void imageHasTheChartSize() {
        BufferedImage image = Plots.image(Plots.taskCurves(TablesTest.matrix(), "image"));
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
    }
}
