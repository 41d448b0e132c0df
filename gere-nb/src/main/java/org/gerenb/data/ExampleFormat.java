package org.gerenb.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The file formats a task split may be stored in, recognised by extension. */
public enum ExampleFormat {
    /** O-LoRA / Progressive Prompts: a JSON list of {"sentence","label"} objects. */
    JSON(".json"),
    /** One {"sentence","label"} object per line. */
    JSONL(".jsonl"),
    /** Commons CSV with the header sentence,label. */
    CSV(".csv");

    private final String extension;

    ExampleFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    List<Example> read(Path file, LabelCheck labels) {
        return switch (this) {
            case JSON -> JsonListFile.readExamples(file, labels);
            case JSONL -> JsonLinesFile.readExamples(file, labels);
            case CSV -> CsvExampleFile.readExamples(file, labels);
        };
    }

    /** Whether any of {@code dir/stem.json}, {@code .jsonl}, {@code .csv} exists. */
    static boolean anyPresent(Path dir, String stem) {
        return Stream.of(values()).anyMatch(format -> Files.isRegularFile(dir.resolve(stem + format.extension)));
    }

    /** The single file {@code dir/stem.<ext>} that exists; none or several is an error. */
    static FormattedFile locate(Path dir, String stem) {
        List<FormattedFile> present = Stream.of(values())
                .map(format -> new FormattedFile(dir.resolve(stem + format.extension), format))
                .filter(candidate -> Files.isRegularFile(candidate.file()))
                .toList();
        if (present.size() != 1) {
            throw new DataFormatException(dir.resolve(stem + JSON.extension), "expected exactly one of "
                    + stem + ".json, " + stem + ".jsonl, " + stem + ".csv; found " + fileNames(present));
        }
        return present.get(0);
    }

    private static String fileNames(List<FormattedFile> files) {
        return files.isEmpty() ? "none"
                : files.stream().map(f -> f.file().getFileName().toString()).toList().toString();
    }

    /** A split file together with the format its extension announces. */
    record FormattedFile(Path file, ExampleFormat format) {
        List<Example> read(LabelCheck labels) {
            return format.read(file, labels);
        }
    }
}
