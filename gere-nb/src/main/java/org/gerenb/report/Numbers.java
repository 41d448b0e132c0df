package org.gerenb.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.DoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How numbers of result tables are written as text for people: CSV files at {@value #CSV_DIGITS}
 * significant digits rather than every digit of a double (26.1667, not 26.166666666666668). Notebook
 * tables round further, see {@link Show#table}.
 */
public final class Numbers {

    static final int CSV_DIGITS = 6;

    private Numbers() {
    }

    /**
     * {@value #CSV_DIGITS} significant digits, always with a decimal point so that a reader guessing types
     * still sees a column of decimals; empty for a missing value.
     */
    public static String csv(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return Double.toString(value);
        }
        String text = new BigDecimal(value).round(new MathContext(CSV_DIGITS, RoundingMode.HALF_UP))
                .stripTrailingZeros().toPlainString();
        return text.contains(".") ? text : text + ".0";
    }

    /** A copy of the table whose decimal columns are text in the given format; other columns are copied. */
    static Table asText(Table table, DoubleFunction<String> format) {
        Table copy = Table.create(table.name());
        for (Column<?> column : table.columns()) {
            copy.addColumns(column instanceof DoubleColumn numbers ? asText(numbers, format) : column.copy());
        }
        return copy;
    }

    private static StringColumn asText(DoubleColumn numbers, DoubleFunction<String> format) {
        StringColumn text = StringColumn.create(numbers.name());
        for (int row = 0; row < numbers.size(); row++) {
            text.append(format.apply(numbers.getDouble(row)));
        }
        return text;
    }
}
