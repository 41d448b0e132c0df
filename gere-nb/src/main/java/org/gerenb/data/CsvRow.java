package org.gerenb.data;

import java.util.List;

/** One CSV record with the 1-based line it starts on, for error messages. */
public record CsvRow(int line, List<String> values) {
    public CsvRow {
        values = List.copyOf(values);
    }

    public String get(int column) {
        return values.get(column);
    }

    public int size() {
        return values.size();
    }
}
