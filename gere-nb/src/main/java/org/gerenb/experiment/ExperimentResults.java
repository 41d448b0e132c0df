package org.gerenb.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gerenb.report.PaperNumbers;
import org.gerenb.report.Plots;
import org.gerenb.report.StepLogColumns;
import org.gerenb.report.Tables;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The tables and plots of an experiment, one run per method. */
public record ExperimentResults(String name, List<RunResult> runs) {

    private static final List<String> COMPARED_METRICS = List.of("ap", "bwt", "forgetting", "general", "perplexity",
            "f1_avg");

    /** One row per method: ap, bwt, fwt, forgetting, aia, general, general_delta, f1_avg, plus perplexity. */
    public Table summary() {
        Table summary = Tables.summary(runs.stream().map(RunResult::summary).toList());
        summary.addColumns(DoubleColumn.create("perplexity", runs.stream()
                .mapToDouble(r -> r.perplexity()[r.perplexity().length - 1]).toArray()));
        summary.addColumns(DoubleColumn.create("ap_ranking", runs.stream()
                .mapToDouble(r -> r.ranking().ap()).toArray()));
        return summary.setName(name + ": summary");
    }

    /** Long format: method, stage, task, score (generation accuracy; stage 0 = base model). */
    public Table accuracyMatrix() {
        Table all = null;
        for (RunResult run : runs) {
            Table part = Tables.accuracyMatrix(run.method(), run.generation());
            all = all == null ? part : all.append(part);
        }
        return all.setName(name + ": accuracy matrix");
    }

    /** General capability and perplexity of every method at every stage. */
    public Table general() {
        Table table = Table.create(name + ": general capability", StringColumn.create("method"),
                IntColumn.create("stage"), DoubleColumn.create("general"), DoubleColumn.create("perplexity"));
        for (RunResult run : runs) {
            for (int stage = 0; stage < run.general().length; stage++) {
                table.stringColumn("method").append(run.method());
                table.intColumn("stage").append(stage);
                table.doubleColumn("general").append(run.general()[stage]);
                table.doubleColumn("perplexity").append(run.perplexity()[stage]);
            }
        }
        return table;
    }

    /** Every optimizer step of every method and task. */
    public Table steps() {
        Table all = null;
        for (RunResult run : runs) {
            all = all == null ? run.steps().copy() : all.append(run.steps());
        }
        return all.setName(name + ": training steps");
    }

    /**
     * The headline metrics of two methods side by side, with the difference (method minus reference):
     * positive is better for ap, bwt, general and f1_avg, negative for forgetting and perplexity.
     */
    public Table compare(String method, String reference) {
        Table summary = summary();
        Table table = Table.create(method + " vs " + reference, StringColumn.create("metric"),
                DoubleColumn.create(method), DoubleColumn.create(reference), DoubleColumn.create("difference"));
        for (String metric : COMPARED_METRICS) {
            double ours = metric(summary, method, metric);
            double theirs = metric(summary, reference, metric);
            table.stringColumn("metric").append(metric);
            table.doubleColumn(method).append(ours);
            table.doubleColumn(reference).append(theirs);
            table.doubleColumn("difference").append(ours - theirs);
        }
        return table;
    }

    private static double metric(Table summary, String method, String metric) {
        Table row = summary.where(summary.stringColumn("method").isEqualTo(method));
        if (row.rowCount() == 0) {
            throw new IllegalArgumentException("no method '" + method + "'; have " + summary.stringColumn("method").asList());
        }
        return row.numberColumn(metric).getDouble(0);
    }

    /**
     * The runs with the given labels, in that order, as results of their own named {@code title}: one
     * factor of an ablation, say. Labels without a run here are left out, since a quick (ci) scale runs only
     * some of the methods; none present at all is an error.
     */
    public ExperimentResults only(String title, String... labels) {
        List<RunResult> selected = Stream.of(labels)
                .flatMap(label -> runs.stream().filter(r -> r.method().equals(label)))
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("none of " + List.of(labels) + " in " + name + "; have "
                    + runs.stream().map(RunResult::method).toList());
        }
        return new ExperimentResults(name + ": " + title, selected);
    }

    public RunResult run(String method) {
        return runs.stream().filter(r -> r.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method '" + method + "' in " + name + "; have "
                        + runs.stream().map(RunResult::method).toList()));
    }

    public HeatMapChart heatmap(String method) {
        return Plots.heatmap(run(method).generation(), method + ": accuracy after each task");
    }

    public XYChart taskCurves(String method) {
        return Plots.taskCurves(run(method).generation(), method + ": each task across stages");
    }

    public XYChart generalCurves() {
        Table byStage = general().selectColumns("method", "stage", "general");
        return Plots.generalCurves(byStage, name + ": general capability across stages");
    }

    /** The loss terms of every step of one method, the tasks one after another. */
    public XYChart lossCurves(String method) {
        Table steps = steps().where(steps().stringColumn("method").isEqualTo(method));
        return Plots.stepCurves(countedAcrossTasks(steps), method + ": losses", "loss",
                List.of("task_ce", "replay_ce", "constraint"));
    }

    // Each task's log counts its steps from 0; drawn against that count, the tasks would lie on top of each other.
    private static Table countedAcrossTasks(Table steps) {
        Table counted = steps.copy();
        counted.replaceColumn(StepLogColumns.STEP, IntColumn.indexColumn(StepLogColumns.STEP, counted.rowCount(), 0));
        return counted;
    }

    public XYChart violationCurves() {
        Table wide = Table.create("violation rate", IntColumn.create("step"));
        Table steps = steps();
        int length = runs.stream().mapToInt(r -> r.steps().rowCount()).max().orElse(0);
        for (int i = 0; i < length; i++) {
            wide.intColumn("step").append(i);
        }
        for (RunResult run : runs) {
            DoubleColumn column = DoubleColumn.create("violation " + run.method());
            Table own = steps.where(steps.stringColumn("method").isEqualTo(run.method()));
            for (int i = 0; i < length; i++) {
                column.append(i < own.rowCount() ? own.doubleColumn("violation_rate").getDouble(i) : Double.NaN);
            }
            wide.addColumns(column);
        }
        return Plots.violationCurves(wide, name + ": activation-state violation rate of replay samples");
    }

    /** General score, AP and F1 Avg per method; with the paper's numbers beside them. */
    public CategoryChart comparison(boolean withPaper) {
        return withPaper ? Plots.methodComparison(summary(), PaperNumbers.table(), name + " vs the paper")
                : Plots.methodComparison(summary(), name + ": methods");
    }

    /** Writes summary.csv, accuracy_matrix.csv, general.csv, steps.csv (6 significant digits) and the plots as PNG. */
    public void write(Path dir) {
        Tables.writeRoundedCsv(summary(), dir.resolve("summary.csv"));
        Tables.writeRoundedCsv(accuracyMatrix(), dir.resolve("accuracy_matrix.csv"));
        Tables.writeRoundedCsv(general(), dir.resolve("general.csv"));
        Tables.writeRoundedCsv(steps(), dir.resolve("steps.csv"));
        Plots.png(generalCurves(), dir.resolve("general_by_stage.png"));
        Plots.png(violationCurves(), dir.resolve("violation_rate.png"));
        Plots.png(comparison(false), dir.resolve("method_comparison.png"));
        for (RunResult run : runs) {
            String slug = run.method().replaceAll("[^A-Za-z0-9=.-]+", "_").replaceAll("^_|_$", "");
            Plots.png(heatmap(run.method()), dir.resolve("heatmap_" + slug + ".png"));
            Plots.png(lossCurves(run.method()), dir.resolve("losses_" + slug + ".png"));
        }
    }
}
