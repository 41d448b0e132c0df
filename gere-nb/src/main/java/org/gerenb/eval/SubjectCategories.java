package org.gerenb.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gerenb.data.CsvFile;
import org.gerenb.data.CsvRow;
import org.gerenb.data.DataFormatException;

/**
 * Which of the four MMLU categories each subject belongs to. The standard map is the assignment of
 * the MMLU paper's code (subject -> subcategory -> category); a benchmark directory may add or
 * override subjects with a categories.csv (header subject,category).
 */
public final class SubjectCategories {
    public static final String HUMANITIES = "Humanities";
    public static final String STEM = "STEM";
    public static final String SOCIAL_SCIENCES = "Social Sciences";
    public static final String OTHER = "Other";
    public static final String OVERRIDE_FILE = "categories.csv";

    private final Map<String, String> categoryBySubject;

    private SubjectCategories(Map<String, String> categoryBySubject) {
        this.categoryBySubject = Map.copyOf(categoryBySubject);
    }

    /** The 57 MMLU subjects in their standard categories. */
    public static SubjectCategories standard() {
        return new SubjectCategories(StandardMmluSubjects.categoryBySubject());
    }

    /** The standard map overlaid with {@code benchmarkDir/categories.csv} when that file exists. */
    public static SubjectCategories forBenchmark(Path benchmarkDir) {
        Path overrides = benchmarkDir.resolve(OVERRIDE_FILE);
        return Files.isRegularFile(overrides) ? standard().overriddenBy(overrides) : standard();
    }

    public SubjectCategories overriddenBy(Path categoriesCsv) {
        CsvFile csv = CsvFile.withHeader(categoriesCsv);
        int subjectColumn = csv.column("subject");
        int categoryColumn = csv.column("category");
        Map<String, String> merged = new LinkedHashMap<>(categoryBySubject);
        for (CsvRow row : csv.rows()) {
            if (row.size() <= Math.max(subjectColumn, categoryColumn) || row.get(categoryColumn).isBlank()) {
                throw new DataFormatException(categoriesCsv, row.line(), "expected a subject and a non-empty category");
            }
            merged.put(row.get(subjectColumn), row.get(categoryColumn));
        }
        return new SubjectCategories(merged);
    }

    public Optional<String> categoryOf(String subject) {
        return Optional.ofNullable(categoryBySubject.get(subject));
    }

    /** The four standard categories first, then any others in alphabetical order. */
    public List<String> categories() {
        LinkedHashSet<String> ordered = new LinkedHashSet<>(List.of(HUMANITIES, STEM, SOCIAL_SCIENCES, OTHER));
        categoryBySubject.values().stream().sorted().forEach(ordered::add);
        return new ArrayList<>(ordered);
    }

    public Map<String, String> asMap() {
        return categoryBySubject;
    }
}
