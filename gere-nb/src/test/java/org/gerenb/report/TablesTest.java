package org.gerenb.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.model.LlamaConfig;
import org.gerenb.reference.ActivationStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class TablesTest {
    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    static AccuracyMatrix matrix() {
        return new AccuracyMatrix(List.of("MNLI", "SST-2"), new double[][] {
            {12.5, Double.NaN},
            {81.25, 40.0},
            {77.0, 93.123456789},
        });
    }

    /** Statistics of three dimensions, read back the way a reference cache stores them. */
    static ActivationStats stats(Path dir) throws IOException {
        Path file = dir.resolve("stats.csv");
        Files.writeString(file, "dim,mean,std,neg,pos\n0,0.5,1.0,-0.5,1.5\n1,-1.0,0.5,-1.5,-0.5\n2,2.0,0.0,2.0,2.0\n");
        return ActivationStats.readCsv(file, 1.0);
    }

    @Test
    void activationStatsHaveOneRowPerDimension() throws IOException {
        Table table = Tables.activationStats(stats(dir));
        assertEquals(List.of("dim", "mean", "std", "neg", "pos"), table.columnNames());
        assertEquals(3, table.rowCount());
        assertEquals(-1.5, table.doubleColumn("neg").get(1), EPS);
        assertEquals(2, table.intColumn("dim").get(2));
    }

    @Test
    void architectureListsTheParameterCount() {
        LlamaConfig config = LlamaConfig.llama(4096, 192, 512, 4, 6, 2, 1024, true);
        Table table = Tables.architecture(config);
        assertEquals("LlamaForCausalLM", table.name());
        List<String> settings = table.stringColumn("setting").asList();
        assertEquals(String.format(java.util.Locale.ROOT, "%,d", config.parameterCount()),
                table.stringColumn("value").get(settings.indexOf("parameters")));
        assertEquals("6 (2)", table.stringColumn("value").get(settings.indexOf("attention heads (key/value heads)")));
    }

    @Test
    void sideBySideLinesUpStepLogsOfDifferentLengths() {
        Map<String, Table> logs = new LinkedHashMap<>();
        logs.put("replay", Table.create("a", DoubleColumn.create("violation_rate", 0.0, 0.1, 0.2)));
        logs.put("TM", Table.create("b", DoubleColumn.create("violation_rate", 0.0, 0.05)));
        Table wide = Tables.sideBySide("violation_rate", logs);
        assertEquals(List.of("step", "violation_rate replay", "violation_rate TM"), wide.columnNames());
        assertEquals(3, wide.rowCount());
        assertEquals(0.05, wide.doubleColumn("violation_rate TM").get(1), EPS);
        assertTrue(wide.doubleColumn("violation_rate TM").isMissing(2));
    }

    @Test
    void accuracyMatrixRoundTripsThroughCsv() {
        Table table = Tables.accuracyMatrix("GeRe", matrix());
        table.append(Tables.accuracyMatrix("Baseline", matrix().with(2, 0, 10.0)));
        assertEquals(List.of("method", "stage", "task", "score"), table.columnNames());
        assertEquals(12, table.rowCount());

        Path file = dir.resolve("matrix.csv");
        Tables.writeCsv(table, file);
        Table read = Tables.readCsv(file, Tables.ACCURACY_TYPES);
        assertEquals(table.rowCount(), read.rowCount());
        AccuracyMatrix back = Tables.toAccuracyMatrix(read, "GeRe");
        assertEquals(matrix().tasks(), back.tasks());
        for (int stage = 0; stage <= 2; stage++) {
            for (int task = 0; task < 2; task++) {
                assertEquals(matrix().score(stage, task), back.score(stage, task), EPS);
            }
        }
        assertEquals(10.0, Tables.toAccuracyMatrix(read, "Baseline").score(2, 0), EPS);
    }

    @Test
    void summaryRoundTripsThroughCsv() {
        MethodSummary gere = MethodSummary.of("GeRe", matrix(), 60.0, 62.5);
        Table summary = Tables.summary(List.of(gere));
        assertEquals(List.of("method", "ap", "bwt", "fwt", "forgetting", "aia", "general", "general_delta", "f1_avg"),
                summary.columnNames());
        // ap = (77 + 93.123456789) / 2; general_delta = 60 - 62.5
        assertEquals((77.0 + 93.123456789) / 2, summary.doubleColumn("ap").get(0), EPS);
        assertEquals(-2.5, summary.doubleColumn("general_delta").get(0), EPS);
        assertEquals(AccuracyMatrix.f1Avg(60.0, gere.ap()), summary.doubleColumn("f1_avg").get(0), EPS);

        Path file = dir.resolve("summary.csv");
        Tables.writeCsv(summary, file);
        assertTrue(Double.isNaN(summary.doubleColumn("fwt").getDouble(0)), "R0 of SST-2 is unmeasured");
        Table read = Tables.readCsv(file, Tables.SUMMARY_TYPES);
        assertEquals(summary.columnNames(), read.columnNames());
        for (String column : summary.columnNames().subList(1, summary.columnCount())) {
            assertEquals(summary.doubleColumn(column).getDouble(0), read.doubleColumn(column).getDouble(0), EPS, column);
        }
    }

    @Test
    void typesAreGuessedWhenNotGiven() {
        Path file = dir.resolve("general.csv");
        Tables.writeCsv(Tables.generalByStage("GeRe", new double[] {65.0, 64.25}), file);
        Table read = Tables.readCsv(file);
        assertEquals(List.of(ColumnType.STRING, ColumnType.INTEGER, ColumnType.DOUBLE),
                read.columns().stream().map(column -> column.type()).toList());
        assertEquals("general", read.name());
    }

    @Test
    void generalByStageAndPaperNumbersHaveTheirColumns() {
        Table general = Tables.generalByStage("GeRe", new double[] {65.0, 64.0, 63.5});
        assertEquals(List.of(0, 1, 2), general.intColumn("stage").asList());
        Table paper = PaperNumbers.table();
        assertTrue(paper.columnNames().containsAll(List.of("method", "general", "ap", "f1_avg")));
        assertEquals(66.74, paper.where(paper.stringColumn("method").isEqualTo("BaselineR + TM, w = 100"))
                .doubleColumn("f1_avg").get(0), EPS);
    }
}
