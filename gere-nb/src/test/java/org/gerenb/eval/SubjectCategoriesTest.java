package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectCategoriesTest {
    @TempDir
    Path dir;

    @Test
    void standardMapHasTheMmluPapersCounts() {
        Map<String, String> map = SubjectCategories.standard().asMap();
        assertEquals(57, map.size());
        Map<String, Long> counts = map.values().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(Map.of("STEM", 18L, "Humanities", 13L, "Social Sciences", 12L, "Other", 14L), counts);
        assertEquals(Optional.of("Social Sciences"), SubjectCategories.standard().categoryOf("econometrics"));
        assertEquals(Optional.of("Other"), SubjectCategories.standard().categoryOf("professional_accounting"));
        assertEquals(Optional.of("Humanities"), SubjectCategories.standard().categoryOf("formal_logic"));
    }

    @Test
    void categoriesCsvAddsAndOverridesSubjects() throws IOException {
        McqFixture.write(dir, "categories.csv", "subject,category\nanatomy,STEM\nknots,Crafts\n");
        SubjectCategories categories = SubjectCategories.forBenchmark(dir);
        assertEquals(Optional.of("STEM"), categories.categoryOf("anatomy"));
        assertEquals(Optional.of("Crafts"), categories.categoryOf("knots"));
        assertEquals(58, categories.asMap().size());
        assertEquals(List.of("Humanities", "STEM", "Social Sciences", "Other", "Crafts"), categories.categories());
    }
}
