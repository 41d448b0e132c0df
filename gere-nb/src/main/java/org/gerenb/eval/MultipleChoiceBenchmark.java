package org.gerenb.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gerenb.data.DataFormatException;

/**
 * A benchmark in the MMLU directory layout: dev/, val/ and test/ holding SUBJECT_dev.csv,
 * SUBJECT_val.csv and SUBJECT_test.csv. test/ is required and defines the subjects; dev/ (the
 * few-shot examples) and val/ may be absent. Every test subject needs a category, from the standard
 * MMLU map or from the directory's categories.csv.
 */
public final class MultipleChoiceBenchmark {
    private final Path dir;
    private final Map<String, List<McqQuestion>> dev;
    private final Map<String, List<McqQuestion>> val;
    private final Map<String, List<McqQuestion>> test;
    private final SubjectCategories categories;

    private MultipleChoiceBenchmark(Path dir, Map<String, List<McqQuestion>> dev,
            Map<String, List<McqQuestion>> val, Map<String, List<McqQuestion>> test, SubjectCategories categories) {
        this.dir = dir;
        this.dev = dev;
        this.val = val;
        this.test = test;
        this.categories = categories;
    }

    public static MultipleChoiceBenchmark load(Path dir) {
        Map<String, List<McqQuestion>> test = readSplit(dir, "test");
        if (test.isEmpty()) {
            throw new DataFormatException(dir.resolve("test"), "expected at least one SUBJECT_test.csv file");
        }
        SubjectCategories categories = SubjectCategories.forBenchmark(dir);
        for (String subject : test.keySet()) {
            if (categories.categoryOf(subject).isEmpty()) {
                throw new DataFormatException(dir.resolve("test").resolve(subject + "_test.csv"), "subject \""
                        + subject + "\" has no category; add a line to " + dir.resolve(SubjectCategories.OVERRIDE_FILE)
                        + " (header subject,category)");
            }
        }
        return new MultipleChoiceBenchmark(dir, readSplit(dir, "dev"), readSplit(dir, "val"), test, categories);
    }

    /** The same benchmark with at most the first n test questions of each subject, for quick runs. */
    public MultipleChoiceBenchmark limitedTo(int n) {
        Map<String, List<McqQuestion>> shorter = new java.util.TreeMap<>();
        test.forEach((subject, questions) -> shorter.put(subject, questions.subList(0, Math.min(n, questions.size()))));
        return new MultipleChoiceBenchmark(dir, dev, val, shorter, categories);
    }

    /** The test subjects, sorted. */
    public List<String> subjects() {
        return List.copyOf(test.keySet());
    }

    public List<McqQuestion> test(String subject) {
        return questions(test, subject, "test");
    }

    public List<McqQuestion> dev(String subject) {
        return questions(dev, subject, "dev");
    }

    public List<McqQuestion> val(String subject) {
        return questions(val, subject, "val");
    }

    public String categoryOf(String subject) {
        return categories.categoryOf(subject).orElseThrow(() -> new IllegalArgumentException(
                "no category for subject \"" + subject + "\""));
    }

    public SubjectCategories categories() {
        return categories;
    }

    private List<McqQuestion> questions(Map<String, List<McqQuestion>> split, String subject, String name) {
        List<McqQuestion> questions = split.get(subject);
        if (questions == null) {
            throw new IllegalArgumentException("no " + name + " questions for subject \"" + subject + "\" in "
                    + dir.resolve(name));
        }
        return questions;
    }

    private static Map<String, List<McqQuestion>> readSplit(Path dir, String split) {
        Path splitDir = dir.resolve(split);
        Map<String, List<McqQuestion>> bySubject = new TreeMap<>();
        if (!Files.isDirectory(splitDir)) {
            return bySubject;
        }
        String suffix = "_" + split + ".csv";
        for (Path file : list(splitDir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(suffix)) {
                String subject = name.substring(0, name.length() - suffix.length());
                bySubject.put(subject, McqFile.read(file, subject));
            }
        }
        return bySubject;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
