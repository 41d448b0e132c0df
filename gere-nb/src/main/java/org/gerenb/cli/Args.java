package org.gerenb.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** "--name value" options of a subcommand; unknown or missing options are reported by name. */
final class Args {

    private final String command;
    private final Map<String, String> values = new HashMap<>();

    Args(String command, String[] argv, int from) {
        this.command = command;
        for (int i = from; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + argv[i] + "'");
            }
            String name = argv[i].substring(2);
            boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
            values.put(name, flag ? "true" : argv[++i]);
        }
    }

    String string(String name) {
        String value = values.remove(name);
        if (value == null) {
            throw new UsageException(command + ": missing --" + name);
        }
        return value;
    }

    String string(String name, String fallback) {
        String value = values.remove(name);
        return value == null ? fallback : value;
    }

    Path path(String name) {
        return Path.of(string(name));
    }

    Path path(String name, Path fallback) {
        String value = values.remove(name);
        return value == null ? fallback : Path.of(value);
    }

    int integer(String name, int fallback) {
        String value = values.remove(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " expects an integer, got '" + value + "'");
        }
    }

    double number(String name, double fallback) {
        String value = values.remove(name);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " expects a number, got '" + value + "'");
        }
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.remove(name));
    }

    /** Call after reading every option: leftovers are typos the user should hear about. */
    void requireAllUsed() {
        if (!values.isEmpty()) {
            throw new UsageException(command + ": unknown option(s) " + values.keySet().stream().map(k -> "--" + k).toList());
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
