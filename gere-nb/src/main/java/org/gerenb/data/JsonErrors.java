package org.gerenb.data;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Gson's parse failures into messages a user can act on: where (line, column) and what was expected
 * there. Gson's own messages name its reader's settings and tokens and link to its troubleshooting page,
 * which is advice for programmers, not for someone fixing a data file.
 */
public final class JsonErrors {
    // Gson exposes a reader's position only through messages and toString() ("... at line 3 column 5 path ...").
    private static final Pattern LINE = Pattern.compile("at line (\\d+)");
    private static final Pattern COLUMN = Pattern.compile("column (\\d+)");
    private static final Pattern WRONG_TYPE = Pattern.compile("Expected (?:an? )?(\\w+) but was (\\w+)");
    private static final String NOT_JSON = "not JSON: strings and keys need double quotes; comments, single quotes, "
            + "NaN and text after the value are not allowed";
    /** Gson's problem (the start of its message) and what a user should read instead. */
    private static final List<Map.Entry<String, String>> PROBLEMS = List.of(
            Map.entry("End of input", "the text ends early: a closing quote, '}' or ']' is missing"),
            Map.entry("Expected name", "expected a key in double quotes (a comma too many before it?)"),
            Map.entry("Expected ':'", "expected ':' after the key"),
            Map.entry("Unterminated object", "expected ',' or '}' after the value"),
            Map.entry("Unterminated array", "expected ',' or ']' after the value"),
            Map.entry("Unterminated string", "a string is missing its closing quote"),
            Map.entry("Unterminated escape sequence", "a string ends inside an escape sequence"),
            Map.entry("Malformed escape sequence", "a string holds an invalid escape sequence"),
            Map.entry("Invalid escape sequence", "a string holds an invalid escape sequence"),
            Map.entry("Invalid number", "a number is not written as JSON writes numbers"),
            Map.entry("Use JsonReader", NOT_JSON));
    private static final Map<String, String> TOKENS = Map.ofEntries(Map.entry("BEGIN_OBJECT", "an object {...}"),
            Map.entry("BEGIN_ARRAY", "a list [...]"), Map.entry("END_OBJECT", "'}'"), Map.entry("END_ARRAY", "']'"),
            Map.entry("NAME", "a key"), Map.entry("STRING", "a string"), Map.entry("string", "a string"),
            Map.entry("NUMBER", "a number"), Map.entry("BOOLEAN", "true or false"), Map.entry("NULL", "null"),
            Map.entry("END_DOCUMENT", "the end of the text"));

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
        return new DataFormatException(file, line, "invalid JSON: " + problemAtColumn(failure));
    }

    /** What went wrong and where in a one-line text, e.g. "expected ':' after the key at column 9". */
    public static String problemAtColumn(Exception failure) {
        String message = gsonMessage(failure);
        String column = first(COLUMN, message);
        return problem(message) + (column == null ? "" : " at column " + column);
    }

    /** What went wrong and where in a document of several lines: "... at line 3, column 9". */
    public static String problemAtLine(Exception failure) {
        String message = gsonMessage(failure);
        String line = first(LINE, message);
        String column = first(COLUMN, message);
        String where = line == null ? "" : " at line " + line + (column == null ? "" : ", column " + column);
        return problem(message) + where;
    }

    private static String problem(String message) {
        Matcher wrongType = WRONG_TYPE.matcher(message);
        if (wrongType.find()) {
            return "expected " + token(wrongType.group(1)) + " but found " + token(wrongType.group(2));
        }
        return PROBLEMS.stream().filter(p -> message.startsWith(p.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(NOT_JSON);
    }

    private static String token(String gsonName) {
        return TOKENS.getOrDefault(gsonName, gsonName.toLowerCase(Locale.ROOT));
    }

    private static String first(Pattern pattern, String message) {
        Matcher matcher = pattern.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The message of the reader's own exception (the tree parser wraps it); none means the text ended. */
    private static String gsonMessage(Exception failure) {
        Throwable reader = failure instanceof JsonParseException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (reader instanceof NumberFormatException) {
            return "Invalid number";
        }
        return reader.getMessage() == null ? "End of input" : reader.getMessage();
    }

    private static IOException asIOException(Exception failure) {
        return failure instanceof IOException io ? io : new IOException(failure);
    }
}
