package org.gerenb.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.eval.McqResult;
import org.gerenb.reference.ActivationStats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * XChart charts of continual-learning results, for PNG files and notebook display. Rendering needs
 * no display: unless the caller chose otherwise, java.awt.headless is set before AWT starts.
 */
public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    // Fifteen task names or long method names overlap when written horizontally.
    static final int LABEL_ROTATION = 30;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * R[k][i] as coloured cells: tasks across, stages upwards from the base model; unmeasured cells stay blank.
     * The colour scale spans 0-100 in every chart, so that 0 reads low and two methods' matrices compare.
     */
    public static HeatMapChart heatmap(AccuracyMatrix matrix, String title) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("task").yAxisTitle("stage").build();
        chart.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("0.0").setMin(0).setMax(100);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(LABEL_ROTATION);
        List<String> stages = IntStream.rangeClosed(0, matrix.taskCount())
                .mapToObj(stage -> stage == 0 ? "base" : Integer.toString(stage)).toList();
        chart.addSeries("score", matrix.tasks(), stages, measuredCells(matrix));
        return chart;
    }

    // XChart's heat-map cells are {x index, y index, value}.
    private static List<Number[]> measuredCells(AccuracyMatrix matrix) {
        List<Number[]> cells = new ArrayList<>();
        for (int stage = 0; stage <= matrix.taskCount(); stage++) {
            for (int task = 0; task < matrix.taskCount(); task++) {
                if (!Double.isNaN(matrix.score(stage, task))) {
                    cells.add(new Number[] {task, stage, matrix.score(stage, task)});
                }
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("the accuracy matrix has no measured score to plot");
        }
        return cells;
    }

    /** Each task's score across stages (stage 0 = base model), one line per task. */
    public static XYChart taskCurves(AccuracyMatrix matrix, String title) {
        XYChart chart = XYCharts.create(title, "stage", "score");
        for (int task = 0; task < matrix.taskCount(); task++) {
            int column = task;
            double[] scores = IntStream.rangeClosed(0, matrix.taskCount())
                    .mapToDouble(stage -> matrix.score(stage, column)).toArray();
            XYCharts.addSeries(chart, matrix.tasks().get(task), XYCharts.indices(scores.length), scores);
        }
        return chart;
    }

    /** General capability across stages, one line per method; columns method, stage, general. */
    public static XYChart generalCurves(Table generalByStage, String title) {
        XYChart chart = XYCharts.create(title, "stage", "general");
        for (String method : generalByStage.stringColumn("method").asList().stream().distinct().toList()) {
            Table rows = generalByStage.where(generalByStage.stringColumn("method").isEqualTo(method));
            XYCharts.addSeries(chart, method, XYCharts.numbers(rows, "stage"), XYCharts.numbers(rows, "general"));
        }
        return chart;
    }

    /** The loss terms of a step log against its "step" column; see {@link StepLogColumns#losses}. */
    public static XYChart lossCurves(Table stepLog, String title) {
        return stepCurves(stepLog, title, "loss", StepLogColumns.losses(stepLog));
    }

    /** The columns of a step log whose names start with "violation", against "step". */
    public static XYChart violationCurves(Table stepLog, String title) {
        return stepCurves(stepLog, title, "violation rate", StepLogColumns.violations(stepLog));
    }

    /**
     * A swept setting: one line per family (column "family") of its mean ("mean") against the setting ("x"),
     * with the 95% intervals ("ci95") as error bars, on a log axis (multiples such as 0.5, 1, 2, 4).
     */
    public static XYChart sweep(Table points, String title, String xAxisTitle, String yAxisTitle) {
        XYChart chart = XYCharts.create(title, xAxisTitle, yAxisTitle);
        chart.getStyler().setXAxisLogarithmic(true);
        for (String family : points.stringColumn("family").unique().asList()) {
            Table own = points.where(points.stringColumn("family").isEqualTo(family)).sortAscendingOn("x");
            chart.addSeries(family, XYCharts.numbers(own, "x"), XYCharts.numbers(own, "mean"), XYCharts.numbers(own, "ci95"));
        }
        return chart;
    }

    /** Any numeric columns of a step log against its "step" column; missing values leave gaps. */
    public static XYChart stepCurves(Table stepLog, String title, String yAxisTitle, List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns to plot among " + stepLog.columnNames());
        }
        XYChart chart = XYCharts.create(title, StepLogColumns.STEP, yAxisTitle);
        // A run logs thousands of steps; markers would bury the lines.
        chart.getStyler().setMarkerSize(0);
        double[] steps = XYCharts.numbers(stepLog, StepLogColumns.STEP);
        columns.forEach(column -> XYCharts.addSeries(chart, column, steps, XYCharts.numbers(stepLog, column)));
        return chart;
    }

    /**
     * TM's band per hidden dimension: mean and the thresholds neg = mean - k std, pos = mean + k std, with
     * the dimensions ordered by mean so the band reads as one shape instead of noise.
     */
    public static XYChart thresholds(ActivationStats stats, String title) {
        XYChart chart = XYCharts.create(title, "hidden dimension (ordered by mean)", "final hidden state");
        chart.getStyler().setMarkerSize(0);
        double[] mean = stats.mean();
        int[] order = IntStream.range(0, mean.length).boxed()
                .sorted(Comparator.comparingDouble(d -> mean[d])).mapToInt(Integer::intValue).toArray();
        double[] rank = XYCharts.indices(order.length);
        XYCharts.addSeries(chart, "pos = mean + k std", rank, inOrder(stats.pos(), order));
        XYCharts.addSeries(chart, "mean", rank, inOrder(mean, order));
        XYCharts.addSeries(chart, "neg = mean - k std", rank, inOrder(stats.neg(), order));
        return chart;
    }

    private static double[] inOrder(double[] values, int[] order) {
        return IntStream.of(order).mapToDouble(d -> values[d]).toArray();
    }

    /** Accuracy per subject of a multiple-choice result, in the order of its table. */
    public static CategoryChart subjectAccuracy(McqResult result, String title) {
        Table subjects = result.table().where(result.table().stringColumn("scope").isEqualTo("subject"));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("subject").yAxisTitle("accuracy (%)").build();
        chart.getStyler().setXAxisLabelRotation(LABEL_ROTATION);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("accuracy", subjects.stringColumn("name").asList(),
                DoubleStream.of(subjects.doubleColumn("accuracy").asDoubleArray()).boxed().toList());
        return chart;
    }

    /** General, AP and F1 Avg per method, from a table with columns method, general, ap, f1_avg. */
    public static CategoryChart methodComparison(Table summary, String title) {
        return ComparisonBars.chart(title, List.of(summary), List.of(""));
    }

    /**
     * As {@link #methodComparison(Table, String)}, with a second set of bars "(paper)" from {@code paper}
     * (e.g. {@link PaperNumbers#table()}), matched by method name; a method missing from one table
     * has no bar there.
     */
    public static CategoryChart methodComparison(Table summary, Table paper, String title) {
        return ComparisonBars.chart(title, List.of(summary, paper), List.of("", " (paper)"));
    }

    /** Writes {@code chart} as a PNG image to exactly {@code file}. */
    public static void png(Chart<?, ?> chart, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The chart drawn into an image, for display in a notebook. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
