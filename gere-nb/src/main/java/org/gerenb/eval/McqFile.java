package org.gerenb.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.CsvFile;
import org.gerenb.data.CsvRow;
import org.gerenb.data.DataFormatException;

/** One MMLU-layout CSV file: rows question,A,B,C,D,answer without a header. */
final class McqFile {
    private static final int FIELDS = 2 + McqQuestion.LETTERS.size();

    private McqFile() {
    }

    static List<McqQuestion> read(Path file, String subject) {
        List<McqQuestion> questions = new ArrayList<>();
        for (CsvRow row : CsvFile.withoutHeader(file).rows()) {
            questions.add(question(row, file, subject));
        }
        if (questions.isEmpty()) {
            throw new DataFormatException(file, "no questions; expected rows question,A,B,C,D,answer");
        }
        return List.copyOf(questions);
    }

    private static McqQuestion question(CsvRow row, Path file, String subject) {
        if (row.size() != FIELDS) {
            throw new DataFormatException(file, row.line(), "expected " + FIELDS
                    + " fields question,A,B,C,D,answer, found " + row.size());
        }
        String answer = row.get(FIELDS - 1).strip();
        if (!McqQuestion.LETTERS.contains(answer)) {
            throw new DataFormatException(file, row.line(), "answer must be one of " + McqQuestion.LETTERS
                    + ", found \"" + answer + "\"");
        }
        return new McqQuestion(subject, row.get(0), row.values().subList(1, FIELDS - 1), answer);
    }
}
