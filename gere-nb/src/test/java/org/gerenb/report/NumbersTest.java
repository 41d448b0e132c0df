package org.gerenb.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/** Result CSVs at 6 significant digits, still read back as decimals. */
class NumbersTest {

    @Test
    void csvNumbersHaveSixSignificantDigitsAndADecimalPoint() {
        assertEquals("26.1667", Numbers.csv(26.166666666666668));
        assertEquals("65.0", Numbers.csv(65.0));
        assertEquals("-2.5", Numbers.csv(-2.5));
        assertEquals("0.000003", Numbers.csv(3e-6));
        assertEquals("0.000123457", Numbers.csv(1.23456789e-4));
        assertEquals("1234570.0", Numbers.csv(1234567.0));
        assertEquals("", Numbers.csv(Double.NaN));
        assertEquals("Infinity", Numbers.csv(Double.POSITIVE_INFINITY));
    }

    @Test
    void aRoundedCsvKeepsItsColumnsAndTypes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("general.csv");
        Table general = Tables.generalByStage("GeRe", new double[] {157.0 / 6, 64.0, Double.NaN});
        Tables.writeRoundedCsv(general, file);
        assertEquals(List.of("method,stage,general", "GeRe,0,26.1667", "GeRe,1,64.0", "GeRe,2,"),
                Files.readAllLines(file));
        Table read = Tables.readCsv(file);
        assertEquals(List.of(ColumnType.STRING, ColumnType.INTEGER, ColumnType.DOUBLE),
                read.columns().stream().map(column -> column.type()).toList());
        assertEquals(26.1667, read.doubleColumn("general").getDouble(0));
    }
}
