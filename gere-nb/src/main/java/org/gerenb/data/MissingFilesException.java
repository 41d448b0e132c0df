package org.gerenb.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Files or folders a run needs that are not there, all of them named at once. */
public class MissingFilesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One missing path and what it should hold. */
    public record Missing(Path path, String expected) {
        @Override
        public String toString() {
            return path + " (" + expected + ")";
        }
    }

    private final transient List<Missing> missing;

    public MissingFilesException(String what, List<Missing> missing) {
        super(what + ": " + missing.size() + " missing path(s):\n  "
                + missing.stream().map(Missing::toString).collect(Collectors.joining("\n  ")));
        this.missing = List.copyOf(missing);
    }

    public List<Path> paths() {
        return missing.stream().map(Missing::path).toList();
    }
}
