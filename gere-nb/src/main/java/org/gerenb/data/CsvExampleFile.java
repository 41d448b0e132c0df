package org.gerenb.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Examples as CSV with a header naming the columns "sentence" and "label". */
final class CsvExampleFile {
    private CsvExampleFile() {
    }

    static List<Example> readExamples(Path file, LabelCheck labels) {
        CsvFile csv = CsvFile.withHeader(file);
        int sentenceColumn = csv.column("sentence");
        int labelColumn = csv.column("label");
        List<Example> examples = new ArrayList<>();
        int record = 0;
        for (CsvRow row : csv.rows()) {
            record++;
            if (row.size() <= Math.max(sentenceColumn, labelColumn)) {
                throw new DataFormatException(file, row.line(), "expected a sentence and a label, found "
                        + row.size() + " field(s)");
            }
            Example example = new Example(row.get(sentenceColumn), row.get(labelColumn));
            if (labels.keep(example.label(), file, row.line(), "record " + record)) {
                examples.add(example);
            }
        }
        return examples;
    }
}
