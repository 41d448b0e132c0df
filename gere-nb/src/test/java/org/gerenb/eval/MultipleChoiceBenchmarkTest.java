package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.gerenb.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipleChoiceBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void loadsSubjectsSplitsAndCategories() throws IOException {
        MultipleChoiceBenchmark benchmark = MultipleChoiceBenchmark.load(McqFixture.write(dir));
        assertEquals(List.of("abstract_algebra", "my_topic", "philosophy"), benchmark.subjects());
        McqQuestion third = benchmark.test("abstract_algebra").get(2);
        assertEquals("q3, on\ntwo lines, pick C", third.question());
        assertEquals(List.of("a", "b", "c", "d"), third.choices());
        assertEquals("C", third.answer());
        assertEquals(1, benchmark.val("philosophy").size());
        assertEquals(SubjectCategories.STEM, benchmark.categoryOf("abstract_algebra"));
        assertEquals("Custom", benchmark.categoryOf("my_topic"));
        assertEquals(SubjectCategories.HUMANITIES, benchmark.categoryOf("philosophy"));
    }

    @Test
    void badAnswerLetterNamesFileAndLine() throws IOException {
        McqFixture.write(dir);
        McqFixture.write(dir, "test/philosophy_test.csv", "q5,a,b,c,d,D\n\"q6\nspans lines\",a,b,c,d,E\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> MultipleChoiceBenchmark.load(dir));
        assertEquals(dir.resolve("test/philosophy_test.csv"), error.file());
        assertEquals(OptionalInt.of(2), error.line());
        assertTrue(error.getMessage().contains("found \"E\""), error.getMessage());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        McqFixture.write(dir);
        McqFixture.write(dir, "dev/philosophy_dev.csv", "q,a,b,c,d,A\nq,a,b,c,A\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> MultipleChoiceBenchmark.load(dir));
        assertEquals(dir.resolve("dev/philosophy_dev.csv"), error.file());
        assertEquals(OptionalInt.of(2), error.line());
        assertTrue(error.getMessage().contains("expected 6 fields question,A,B,C,D,answer, found 5"), error.getMessage());
    }

    @Test
    void subjectWithoutCategoryPointsToCategoriesCsv() throws IOException {
        McqFixture.write(dir);
        Files.delete(dir.resolve("categories.csv"));
        DataFormatException error = assertThrows(DataFormatException.class, () -> MultipleChoiceBenchmark.load(dir));
        assertTrue(error.getMessage().contains("subject \"my_topic\" has no category"), error.getMessage());
        assertTrue(error.getMessage().contains("categories.csv"), error.getMessage());
    }

    @Test
    void missingTestDirectoryIsAnError() {
        DataFormatException error = assertThrows(DataFormatException.class, () -> MultipleChoiceBenchmark.load(dir));
        assertEquals(dir.resolve("test"), error.file());
    }
}
