package org.gerenb.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.eval.SeedStatistics;
import org.gerenb.report.PaperNumbers;
import org.gerenb.report.Plots;
import org.gerenb.report.StepLogColumns;
import org.gerenb.report.Tables;
import org.gerenb.train.StepLog;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tables and plots of an experiment: one run per method and seed. Summaries give each metric's
 * mean over seeds with its 95% interval; {@link #compare} tells whether two methods differ by the
 * paired difference over their common seeds.
 */
public record ExperimentResults(String name, List<RunResult> runs) {

    private static final Pattern LEARNING_RATE_LABEL = Pattern.compile(
            "(.+) lr x(\\d+(?:\\.\\d+)?)\\b.*");

    /** Column types of accuracy_matrix.csv (method, seed, metric, stage, task, score), to read it back. */
    public static final tech.tablesaw.api.ColumnType[] ACCURACY_MATRIX_TYPES = {tech.tablesaw.api.ColumnType.STRING,
        tech.tablesaw.api.ColumnType.INTEGER, tech.tablesaw.api.ColumnType.STRING, tech.tablesaw.api.ColumnType.INTEGER,
        tech.tablesaw.api.ColumnType.STRING, tech.tablesaw.api.ColumnType.DOUBLE};

    private static final List<String> COMPARED_METRICS = List.of("ap", "ap_generation", "bwt", "forgetting",
            "general", "general_in", "general_out", "perplexity", "perplexity_in", "perplexity_out", "f1_avg");

    /** The method labels in the order they ran. */
    public List<String> methods() {
        return runs.stream().map(RunResult::method).distinct().toList();
    }

    /** The seeds the runs used, in order. */
    public List<Integer> seeds() {
        return runs.stream().map(RunResult::seed).distinct().toList();
    }

    public List<RunResult> runs(String method) {
        List<RunResult> own = runs.stream().filter(r -> r.method().equals(method)).toList();
        if (own.isEmpty()) {
            throw new IllegalArgumentException("no method '" + method + "' in " + name + "; have " + methods());
        }
        return own;
    }

    /** The method's run with its first seed. */
    public RunResult run(String method) {
        return runs(method).get(0);
    }

    /** One row per method: seeds, then every metric of {@link RunResult#metrics} as mean and metric_ci95. */
    public Table summary() {
        Table table = Table.create(name + ": summary", StringColumn.create("method"), IntColumn.create("seeds"));
        List<String> metrics = metricNames();
        for (String metric : metrics) {
            table.addColumns(DoubleColumn.create(metric), DoubleColumn.create(metric + "_ci95"));
        }
        for (String method : methods()) {
            table.stringColumn("method").append(method);
            table.intColumn("seeds").append(runs(method).size());
            for (String metric : metrics) {
                SeedStatistics.Estimate estimate = estimate(method, metric);
                table.doubleColumn(metric).append(estimate.mean());
                table.doubleColumn(metric + "_ci95").append(estimate.ci95());
            }
        }
        return table;
    }

    /** The headline metrics as "mean ± ci95" text per method, for reading (summary() has the numbers). */
    public Table headline() {
        List<String> metrics = List.of("ap", "bwt", "ap_generation", "general_in", "general_out", "perplexity_in",
                "perplexity_out", "f1_avg");
        Table table = Table.create(name + ": mean ± 95% interval over " + seeds().size() + " seed(s)",
                StringColumn.create("method"));
        metrics.forEach(metric -> table.addColumns(StringColumn.create(metric)));
        for (String method : methods()) {
            table.stringColumn("method").append(method);
            for (String metric : metrics) {
                SeedStatistics.Estimate e = estimate(method, metric);
                table.stringColumn(metric).append(Double.isNaN(e.ci95())
                        ? String.format(java.util.Locale.ROOT, "%.2f", e.mean())
                        : String.format(java.util.Locale.ROOT, "%.2f ± %.2f", e.mean(), e.ci95()));
            }
        }
        return table;
    }

    /** One row per method and seed with every metric. */
    public Table summaryBySeed() {
        Table table = Table.create(name + ": summary by seed", StringColumn.create("method"), IntColumn.create("seed"));
        List<String> metrics = metricNames();
        metrics.forEach(metric -> table.addColumns(DoubleColumn.create(metric)));
        for (RunResult run : runs) {
            table.stringColumn("method").append(run.method());
            table.intColumn("seed").append(run.seed());
            Map<String, Double> values = run.metrics();
            metrics.forEach(metric -> table.doubleColumn(metric).append(values.get(metric)));
        }
        return table;
    }

    /** The mean over the method's seeds of one metric, with its interval. */
    public SeedStatistics.Estimate estimate(String method, String metric) {
        return SeedStatistics.of(runs(method).stream().mapToDouble(r -> value(r, metric)).toArray());
    }

    /**
     * Each headline metric of two methods and their paired difference (method minus reference) over the
     * seeds both ran: positive is better for ap, bwt, general and f1_avg, negative for forgetting and
     * perplexity. "holds" says whether the 95% interval of the difference excludes 0.
     */
    public Table compare(String method, String reference) {
        Table table = Table.create(method + " vs " + reference, StringColumn.create("metric"),
                DoubleColumn.create(method), DoubleColumn.create(reference), DoubleColumn.create("difference"),
                DoubleColumn.create("difference_ci95"), StringColumn.create("holds"));
        for (String metric : COMPARED_METRICS) {
            SeedStatistics.Estimate difference = pairedDifference(method, reference, metric);
            table.stringColumn("metric").append(metric);
            table.doubleColumn(method).append(estimate(method, metric).mean());
            table.doubleColumn(reference).append(estimate(reference, metric).mean());
            table.doubleColumn("difference").append(difference.mean());
            table.doubleColumn("difference_ci95").append(difference.ci95());
            table.stringColumn("holds").append(difference.n() < 2 ? "too few seeds"
                    : difference.excludesZero() ? "yes" : "no");
        }
        return table;
    }

    /** method minus reference over the seeds both ran. */
    public SeedStatistics.Estimate pairedDifference(String method, String reference, String metric) {
        Map<Integer, Double> theirs = new LinkedHashMap<>();
        runs(reference).forEach(r -> theirs.put(r.seed(), value(r, metric)));
        List<double[]> pairs = runs(method).stream().filter(r -> theirs.containsKey(r.seed()))
                .map(r -> new double[] {value(r, metric), theirs.get(r.seed())}).toList();
        return SeedStatistics.pairedDifference(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                pairs.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static double value(RunResult run, String metric) {
        Double value = run.metrics().get(metric);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + metric + "'; have " + run.metrics().keySet());
        }
        return value;
    }

    private List<String> metricNames() {
        return List.copyOf(runs.get(0).metrics().keySet());
    }

    /** Long format: method, seed, metric (ranking|generation), stage, task, score; stage 0 = base model. */
    public Table accuracyMatrix() {
        Table all = null;
        for (RunResult run : runs) {
            for (String metric : List.of("ranking", "generation")) {
                Table part = Tables.accuracyMatrix(run.method(),
                        metric.equals("ranking") ? run.ranking() : run.generation());
                part.insertColumn(1, IntColumn.create("seed", part.rowCount()).setMissingTo(run.seed()));
                part.insertColumn(2, StringColumn.create("metric", part.rowCount()).setMissingTo(metric));
                all = all == null ? part : all.append(part);
            }
        }
        return all.setName(name + ": accuracy matrix");
    }

    /**
     * General capability and perplexity, all and in/out of the replay domains, per method, seed and stage;
     * stages where neither was measured (evaluation.general_every_stage false) have no row.
     */
    public Table general() {
        Map<String, Function<StageScores, Double>> measures = new LinkedHashMap<>();
        measures.put("general", StageScores::general);
        measures.put("general_in", StageScores::generalIn);
        measures.put("general_out", StageScores::generalOut);
        measures.put("perplexity", StageScores::perplexity);
        measures.put("perplexity_in", StageScores::perplexityIn);
        measures.put("perplexity_out", StageScores::perplexityOut);
        Table table = Table.create(name + ": general capability", StringColumn.create("method"),
                IntColumn.create("seed"), IntColumn.create("stage"));
        measures.keySet().forEach(measure -> table.addColumns(DoubleColumn.create(measure)));
        for (RunResult run : runs) {
            for (int stage = 0; stage < run.stages().size(); stage++) {
                StageScores scores = run.stages().get(stage);
                if (!scores.generalMeasured()) {
                    continue;
                }
                table.stringColumn("method").append(run.method());
                table.intColumn("seed").append(run.seed());
                table.intColumn("stage").append(stage);
                measures.forEach((measure, f) -> table.doubleColumn(measure).append(f.apply(scores)));
            }
        }
        return table;
    }

    /**
     * The benchmark's accuracy per category (micro average over its questions) and over all questions
     * ("Average"), per method, seed and stage: the layout of the official README's MMLU table.
     */
    public Table generalByCategory() {
        Table table = Table.create(name + ": general capability by category", StringColumn.create("method"),
                IntColumn.create("seed"), IntColumn.create("stage"), StringColumn.create("category"),
                DoubleColumn.create("accuracy"), IntColumn.create("items"));
        for (RunResult run : runs) {
            for (int stage = 0; stage < run.stages().size(); stage++) {
                List<StageScores.SubjectScore> subjects = run.stages().get(stage).subjects();
                if (subjects == null || subjects.isEmpty()) {
                    continue;
                }
                List<String> categories = new ArrayList<>(subjects.stream().map(StageScores.SubjectScore::category)
                        .distinct().sorted().toList());
                categories.add("Average");
                for (String category : categories) {
                    List<StageScores.SubjectScore> own = subjects.stream()
                            .filter(s -> category.equals("Average") || s.category().equals(category)).toList();
                    int items = own.stream().mapToInt(StageScores.SubjectScore::questions).sum();
                    int correct = own.stream().mapToInt(StageScores.SubjectScore::correct).sum();
                    table.stringColumn("method").append(run.method());
                    table.intColumn("seed").append(run.seed());
                    table.intColumn("stage").append(stage);
                    table.stringColumn("category").append(category);
                    table.doubleColumn("accuracy").append(items == 0 ? Double.NaN : 100.0 * correct / items);
                    table.intColumn("items").append(items);
                }
            }
        }
        return table;
    }

    /** Every optimizer step of every method, seed and task. */
    public Table steps() {
        Table all = null;
        for (RunResult run : runs) {
            Table part = run.steps().copy();
            part.insertColumn(1, IntColumn.create("seed", part.rowCount()).setMissingTo(run.seed()));
            all = all == null ? part : all.append(part);
        }
        return all.setName(name + ": training steps");
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
            throw new IllegalArgumentException("none of " + List.of(labels) + " in " + name + "; have " + methods());
        }
        return new ExperimentResults(name + ": " + title, selected);
    }

    /** The runs whose label contains {@code text} (e.g. " lr x" for every learning-rate run), as in {@link #only}. */
    public ExperimentResults containing(String title, String text) {
        return only(title, methods().stream().filter(m -> m.contains(text)).toArray(String[]::new));
    }

    /** R[k][i] of a method averaged over its seeds, by its primary metric ("ranking" or "generation" by name). */
    public AccuracyMatrix meanMatrix(String method, String metric) {
        List<AccuracyMatrix> matrices = runs(method).stream().map(r -> metric == null ? r.primaryMatrix()
                : metric.equals("ranking") ? r.ranking() : r.generation()).toList();
        AccuracyMatrix first = matrices.get(0);
        double[][] mean = new double[first.taskCount() + 1][first.taskCount()];
        for (int stage = 0; stage <= first.taskCount(); stage++) {
            for (int task = 0; task < first.taskCount(); task++) {
                int s = stage;
                int t = task;
                mean[stage][task] = matrices.stream().mapToDouble(m -> m.score(s, t)).average().orElse(Double.NaN);
            }
        }
        return new AccuracyMatrix(first.tasks(), mean);
    }

    public HeatMapChart heatmap(String method) {
        return heatmap(method, run(method).primary().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The accuracy matrix by "ranking" or "generation", averaged over seeds. */
    public HeatMapChart heatmap(String method, String metric) {
        return Plots.heatmap(meanMatrix(method, metric), method + ": " + metric + " accuracy after each task"
                + seedNote(method));
    }

    public XYChart taskCurves(String method) {
        return Plots.taskCurves(meanMatrix(method, null), method + ": each task across stages" + seedNote(method));
    }

    /**
     * The learning-rate runs (labels "FAMILY lr xM ...", M the multiple of the scale's rate): {@code metric}'s
     * mean over seeds against M, one line per family, with 95% intervals.
     */
    public XYChart learningRateCurves(String metric) {
        List<LearningRateRun> sweep = learningRateRuns();
        if (sweep.isEmpty()) {
            throw new IllegalArgumentException("no learning-rate runs (labels \"FAMILY lr xM\") among " + methods());
        }
        Table points = Table.create("sweep", StringColumn.create("family"), DoubleColumn.create("x"),
                DoubleColumn.create("mean"), DoubleColumn.create("ci95"));
        for (LearningRateRun run : sweep) {
            SeedStatistics.Estimate estimate = estimate(run.method(), metric);
            points.stringColumn("family").append(run.family());
            points.doubleColumn("x").append(run.multiple());
            points.doubleColumn("mean").append(estimate.mean());
            points.doubleColumn("ci95").append(Double.isNaN(estimate.ci95()) ? 0 : estimate.ci95());
        }
        return Plots.sweep(points, name + ": " + metric + " against the learning rate" + seedNote(sweep.get(0).method()),
                "learning rate (multiple of the scale's)", metric);
    }

    /** A learning-rate run: its family (the label before " lr x"), the multiple M of the scale's rate, its label. */
    public record LearningRateRun(String family, double multiple, String method) {
    }

    /** The methods labelled "FAMILY lr xM ..." (the ablations' convention), in the order of the runs. */
    public List<LearningRateRun> learningRateRuns() {
        List<LearningRateRun> sweep = new ArrayList<>();
        for (String method : methods()) {
            Matcher label = LEARNING_RATE_LABEL.matcher(method);
            if (label.matches()) {
                sweep.add(new LearningRateRun(label.group(1), Double.parseDouble(label.group(2)), method));
            }
        }
        return sweep;
    }

    /** Mean general capability per stage, one line per method. */
    public XYChart generalCurves() {
        return generalCurves("general");
    }

    /** A measure of {@link #general} ("general_out", "perplexity_in", ...) averaged over seeds, per stage. */
    public XYChart generalCurves(String measure) {
        Table means = Table.create("by stage", StringColumn.create("method"), IntColumn.create("stage"),
                DoubleColumn.create("general"));
        Table general = general();
        for (String method : methods()) {
            Table own = general.where(general.stringColumn("method").isEqualTo(method));
            for (int stage : own.intColumn("stage").asList().stream().distinct().sorted().toList()) {
                Table rows = own.where(own.intColumn("stage").isEqualTo(stage));
                means.stringColumn("method").append(method);
                means.intColumn("stage").append(stage);
                means.doubleColumn("general").append(SeedStatistics.of(rows.doubleColumn(measure).asDoubleArray()).mean());
            }
        }
        return Plots.generalCurves(means, name + ": " + measure + " across stages (mean over seeds)");
    }

    /**
     * {@link #generalByCategory} averaged over seeds: per method, stage and category the mean accuracy, the
     * half-width of its 95% interval and the number of seeds (the official README's table, before and after).
     */
    public Table generalByCategoryMeans() {
        Table bySeed = generalByCategory();
        Map<CategoryKey, List<Double>> accuracies = new LinkedHashMap<>();
        for (int i = 0; i < bySeed.rowCount(); i++) {
            accuracies.computeIfAbsent(new CategoryKey(bySeed.stringColumn("method").get(i), bySeed.intColumn("stage").get(i),
                    bySeed.stringColumn("category").get(i)), k -> new ArrayList<>()).add(bySeed.doubleColumn("accuracy").get(i));
        }
        Table table = Table.create(name + ": general capability by category, mean over seeds",
                StringColumn.create("method"), IntColumn.create("stage"), StringColumn.create("category"),
                DoubleColumn.create("accuracy"), DoubleColumn.create("accuracy_ci95"), IntColumn.create("seeds"));
        accuracies.forEach((key, values) -> {
            SeedStatistics.Estimate estimate = SeedStatistics.of(values.stream().mapToDouble(Double::doubleValue).toArray());
            table.stringColumn("method").append(key.method());
            table.intColumn("stage").append(key.stage());
            table.stringColumn("category").append(key.category());
            table.doubleColumn("accuracy").append(estimate.mean());
            table.doubleColumn("accuracy_ci95").append(estimate.ci95());
            table.intColumn("seeds").append(estimate.n());
        });
        return table;
    }

    private record CategoryKey(String method, int stage, String category) {
    }

    /** The loss terms of every step of one method's first seed, the tasks one after another. */
    public XYChart lossCurves(String method) {
        Table steps = run(method).steps();
        return Plots.stepCurves(countedAcrossTasks(steps), method + ": losses (seed " + run(method).seed() + ")", "loss",
                StepLogColumns.losses(steps));
    }

    // Each task's log counts its steps from 0; drawn against that count, the tasks would lie on top of each other.
    private static Table countedAcrossTasks(Table steps) {
        Table counted = steps.copy();
        counted.replaceColumn(StepLogColumns.STEP, IntColumn.indexColumn(StepLogColumns.STEP, counted.rowCount(), 0));
        return counted;
    }

    /** The violation rate of every step of each method's first seed. */
    public XYChart violationCurves() {
        Table wide = Table.create("violation rate", IntColumn.create("step"));
        List<RunResult> firsts = methods().stream().map(this::run).toList();
        int length = firsts.stream().mapToInt(r -> r.steps().rowCount()).max().orElse(0);
        for (int i = 0; i < length; i++) {
            wide.intColumn("step").append(i);
        }
        for (RunResult run : firsts) {
            DoubleColumn column = DoubleColumn.create("violation " + run.method());
            for (int i = 0; i < length; i++) {
                column.append(i < run.steps().rowCount() ? run.steps().doubleColumn(StepLog.VIOLATION_RATE).getDouble(i)
                        : Double.NaN);
            }
            wide.addColumns(column);
        }
        return Plots.violationCurves(wide, name + ": activation-state violation rate of replay samples");
    }

    /** General score, AP and F1 Avg per method with their 95% intervals; with the paper's numbers beside them. */
    public CategoryChart comparison(boolean withPaper) {
        return withPaper ? Plots.methodComparison(summary(), PaperNumbers.table(), name + " vs the paper")
                : Plots.methodComparison(summary(), name + ": methods (mean and 95% interval over seeds)");
    }

    private String seedNote(String method) {
        int seeds = runs(method).size();
        return seeds == 1 ? " (seed " + run(method).seed() + ")" : " (mean of " + seeds + " seeds)";
    }

    /**
     * Writes summary.csv, summary_by_seed.csv, accuracy_matrix.csv, general.csv, general_by_category.csv,
     * steps.csv (6 significant digits) and the plots as PNG.
     */
    public void write(Path dir) {
        Tables.writeRoundedCsv(summary(), dir.resolve("summary.csv"));
        Tables.writeRoundedCsv(summaryBySeed(), dir.resolve("summary_by_seed.csv"));
        Tables.writeRoundedCsv(accuracyMatrix(), dir.resolve("accuracy_matrix.csv"));
        Tables.writeRoundedCsv(general(), dir.resolve("general.csv"));
        Table byCategory = generalByCategory();
        if (byCategory.rowCount() > 0) {
            Tables.writeRoundedCsv(byCategory, dir.resolve("general_by_category.csv"));
        }
        Tables.writeRoundedCsv(steps(), dir.resolve("steps.csv"));
        Plots.png(generalCurves(), dir.resolve("general_by_stage.png"));
        Plots.png(violationCurves(), dir.resolve("violation_rate.png"));
        Plots.png(comparison(false), dir.resolve("method_comparison.png"));
        if (!learningRateRuns().isEmpty()) {
            Plots.png(learningRateCurves("f1_avg"), dir.resolve("learning_rate_f1_avg.png"));
            Plots.png(learningRateCurves("general_out"), dir.resolve("learning_rate_general_out.png"));
        }
        for (String method : methods()) {
            String slug = method.replaceAll("[^A-Za-z0-9=.-]+", "_").replaceAll("^_|_$", "");
            Plots.png(heatmap(method), dir.resolve("heatmap_" + slug + ".png"));
            Plots.png(lossCurves(method), dir.resolve("losses_" + slug + ".png"));
        }
    }
}
