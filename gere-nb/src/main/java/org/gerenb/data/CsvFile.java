package org.gerenb.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A whole CSV file read with Commons CSV, each row knowing its line. */
public final class CsvFile {
    private final Path file;
    private final List<String> header;
    private final List<CsvRow> rows;

    private CsvFile(Path file, List<String> header, List<CsvRow> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** Reads a file whose first line names the columns. */
    public static CsvFile withHeader(Path file) {
        return read(file, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get());
    }

    /** Reads a file that holds data rows only. */
    public static CsvFile withoutHeader(Path file) {
        return read(file, CSVFormat.DEFAULT);
    }

    public List<CsvRow> rows() {
        return rows;
    }

    /** The index of a header column, or a {@link DataFormatException} naming the columns found. */
    public int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new DataFormatException(file, 1, "expected a header with a column \"" + name
                    + "\", found " + header);
        }
        return index;
    }

    private static CsvFile read(Path file, CSVFormat format) {
        String text = TextFiles.read(file);
        try (CSVParser parser = format.parse(new StringReader(text))) {
            return new CsvFile(file, parser.getHeaderNames(), rowsOf(parser, new LineIndex(text), file));
        } catch (IOException | IllegalArgumentException e) {
            // Commons CSV rejects a malformed header line (duplicate or missing names) this way.
            throw new DataFormatException(file, 1, "malformed CSV header: " + e.getMessage());
        }
    }

    private static List<CsvRow> rowsOf(CSVParser parser, LineIndex lines, Path file) {
        List<CsvRow> rows = new ArrayList<>();
        try {
            for (CSVRecord record : parser) {
                rows.add(new CsvRow(lines.lineOf(record.getCharacterPosition()), record.toList()));
            }
        } catch (UncheckedIOException e) {
            // Mid-line, Commons CSV already counts the line it stopped in.
            int line = (int) Math.max(1, parser.getCurrentLineNumber());
            throw new DataFormatException(file, line, "malformed CSV: " + e.getCause().getMessage());
        }
        return List.copyOf(rows);
    }
}
