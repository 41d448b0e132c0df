package org.gerenb.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Gson's parse failures into {@link DataFormatException}s that carry the file and line. */
final class JsonErrors {
    // Gson exposes a reader's position only through toString() ("JsonReader at line 3 column 5 ...").
    private static final Pattern LINE = Pattern.compile("at line (\\d+)");

    private JsonErrors() {
    }

    /** The line the reader has reached, or 0 if Gson stops reporting it. */
    static int lineOf(JsonReader reader) {
        Matcher matcher = LINE.matcher(reader.toString());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /**
     * Wraps a failure of {@code reader}: syntax errors, early end of input and unexpected token types
     * are data problems; anything else is a real I/O failure.
     */
    static RuntimeException translate(Exception failure, Path file, JsonReader reader, int lineOffset) {
        boolean badData = failure instanceof MalformedJsonException || failure instanceof EOFException
                || failure instanceof IllegalStateException || failure instanceof NumberFormatException;
        if (!badData) {
            return new UncheckedIOException("cannot read " + file, asIOException(failure));
        }
        int line = lineOf(reader) + lineOffset;
        return new DataFormatException(file, line, "invalid JSON: " + firstLine(failure.getMessage()));
    }

    private static IOException asIOException(Exception failure) {
        return failure instanceof IOException io ? io : new IOException(failure);
    }

    // Gson appends a troubleshooting link on a second line; the first line says what went wrong.
    private static String firstLine(String message) {
        if (message == null) {
            return "unexpected end of input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
