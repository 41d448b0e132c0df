package org.gerenb.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.model.LlamaConfig;
import org.gerenb.reference.ActivationStats;
import org.gerenb.reference.RegionStore;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Tablesaw tables of results, in the column layouts the plots and notebooks expect, and CSV
 * round-trips for them. Unmeasured scores are missing values (written as empty CSV fields).
 */
public final class Tables {
    /** Column types of {@link #accuracyMatrix}, for reading it back without type guessing. */
    public static final ColumnType[] ACCURACY_TYPES = {ColumnType.STRING, ColumnType.INTEGER, ColumnType.STRING,
        ColumnType.DOUBLE};
    /** Column types of {@link #summary}. */
    public static final ColumnType[] SUMMARY_TYPES = {ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE,
        ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
        ColumnType.DOUBLE};

    private Tables() {
    }

    /** Long format, one row per score: method, stage, task, score (stage 0 = base model). */
    public static Table accuracyMatrix(String method, AccuracyMatrix matrix) {
        Table table = Table.create("accuracy matrix", StringColumn.create("method"), IntColumn.create("stage"),
                StringColumn.create("task"), DoubleColumn.create("score"));
        for (int stage = 0; stage <= matrix.taskCount(); stage++) {
            for (int task = 0; task < matrix.taskCount(); task++) {
                table.stringColumn("method").append(method);
                table.intColumn("stage").append(stage);
                table.stringColumn("task").append(matrix.tasks().get(task));
                table.doubleColumn("score").append(matrix.score(stage, task));
            }
        }
        return table;
    }

    /** The matrix of {@code method} in a long-format table; tasks in order of first appearance. */
    public static AccuracyMatrix toAccuracyMatrix(Table longTable, String method) {
        Table rows = longTable.where(longTable.stringColumn("method").isEqualTo(method));
        List<String> tasks = rows.stringColumn("task").asList().stream().distinct().toList();
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no rows for method \"" + method + "\"");
        }
        AccuracyMatrix matrix = AccuracyMatrix.unmeasured(tasks);
        for (int row = 0; row < rows.rowCount(); row++) {
            matrix = matrix.with(rows.intColumn("stage").getInt(row), rows.stringColumn("task").get(row),
                    rows.doubleColumn("score").getDouble(row));
        }
        return matrix;
    }

    /** Columns method, ap, bwt, fwt, forgetting, aia, general, general_delta, f1_avg. */
    public static Table summary(List<MethodSummary> methods) {
        Table table = Table.create("summary", StringColumn.create("method"));
        for (String name : List.of("ap", "bwt", "fwt", "forgetting", "aia", "general", "general_delta", "f1_avg")) {
            table.addColumns(DoubleColumn.create(name));
        }
        for (MethodSummary m : methods) {
            table.stringColumn("method").append(m.method());
            double[] values = {m.ap(), m.bwt(), m.fwt(), m.forgetting(), m.aia(), m.general(), m.generalDelta(),
                m.f1Avg()};
            for (int i = 0; i < values.length; i++) {
                table.doubleColumn(i + 1).append(values[i]);
            }
        }
        return table;
    }

    /** General capability at each stage of one method: method, stage, general. */
    public static Table generalByStage(String method, double[] generalPerStage) {
        Table table = Table.create("general by stage", StringColumn.create("method"), IntColumn.create("stage"),
                DoubleColumn.create("general"));
        for (int stage = 0; stage < generalPerStage.length; stage++) {
            table.stringColumn("method").append(method);
            table.intColumn("stage").append(stage);
            table.doubleColumn("general").append(generalPerStage[stage]);
        }
        return table;
    }

    /** A model's architecture as setting, value rows, with the parameter count as Hugging Face gives it. */
    public static Table architecture(LlamaConfig config) {
        Table table = Table.create(config.architecture(), StringColumn.create("setting"), StringColumn.create("value"));
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("parameters", String.format(Locale.ROOT, "%,d", config.parameterCount()));
        rows.put("hidden size", config.hiddenSize());
        rows.put("layers", config.layers());
        rows.put("attention heads (key/value heads)", config.heads() + " (" + config.kvHeads() + ")");
        rows.put("MLP size", config.intermediateSize());
        rows.put("vocabulary", config.vocabSize());
        rows.put("positions", config.maxPositions());
        rows.put("tied input and output embeddings", config.tieWordEmbeddings());
        rows.forEach((setting, value) -> {
            table.stringColumn("setting").append(setting);
            table.stringColumn("value").append(String.valueOf(value));
        });
        return table;
    }

    /** One row per hidden dimension: dim, mean, std and the TM thresholds neg, pos. */
    public static Table activationStats(ActivationStats stats) {
        return Table.create("reference statistics (k = " + stats.k() + ")",
                IntColumn.create("dim", IntStream.range(0, stats.hiddenSize()).toArray()),
                DoubleColumn.create("mean", stats.mean()), DoubleColumn.create("std", stats.std()),
                DoubleColumn.create("neg", stats.neg()), DoubleColumn.create("pos", stats.pos()));
    }

    /** How the reference (token, dimension) values split into TM's three regions: region, values, share (%). */
    public static Table regionShares(RegionStore regions) {
        long[] counts = regions.regionCounts();
        double total = LongStream.of(counts).sum();
        return Table.create("reference regions",
                StringColumn.create("region", "negative (r <= neg)", "neutral (neg < r < pos)", "positive (r >= pos)"),
                LongColumn.create("values", counts),
                DoubleColumn.create("share", LongStream.of(counts).mapToDouble(c -> 100 * c / total).toArray()));
    }

    /**
     * One column of several step logs next to each other: "step", then "COLUMN NAME" per log, in the map's
     * order; a log shorter than the longest leaves missing values.
     */
    public static Table sideBySide(String column, Map<String, Table> stepLogs) {
        int length = stepLogs.values().stream().mapToInt(Table::rowCount).max().orElse(0);
        Table wide = Table.create(column, IntColumn.create(StepLogColumns.STEP, IntStream.range(0, length).toArray()));
        stepLogs.forEach((name, log) -> {
            DoubleColumn values = DoubleColumn.create(column + " " + name);
            double[] measured = log.numberColumn(column).asDoubleArray();
            IntStream.range(0, length).forEach(i -> values.append(i < measured.length ? measured[i] : Double.NaN));
            wide.addColumns(values);
        });
        return wide;
    }

    /** Every digit of every number, for tables that are read back (a run's step logs). */
    public static void writeCsv(Table table, Path file) {
        table.write().csv(file.toFile());
    }

    /** Numbers at 6 significant digits, for the result tables people and spreadsheets read. */
    public static void writeRoundedCsv(Table table, Path file) {
        Numbers.asText(table, Numbers::csv).write().csv(file.toFile());
    }

    /**
     * Reads a CSV with a header, guessing column types. A column without any value (say FWT of runs
     * that never measured R0) comes back as text; pass the types for an exact round trip.
     */
    public static Table readCsv(Path file) {
        return read(CsvReadOptions.builder(file.toFile()).tableName(tableName(file)).build(), file);
    }

    /** Reads a CSV with a header whose columns have the given types. */
    public static Table readCsv(Path file, ColumnType... types) {
        return read(CsvReadOptions.builder(file.toFile()).tableName(tableName(file)).columnTypes(types).build(), file);
    }

    private static Table read(CsvReadOptions options, Path file) {
        try {
            return Table.read().usingOptions(options);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read table " + file + ": " + e.getMessage(), e);
        }
    }

    private static String tableName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.csv$", "");
    }
}
