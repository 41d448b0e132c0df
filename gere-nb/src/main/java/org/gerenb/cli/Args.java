package org.gerenb.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gerenb.runtime.Devices;

/**
 * "--name value" or "--name=value" options of a subcommand (a name alone is a flag); unknown or missing
 * options are reported by name. Public for the commands of other modules ({@link ExternalCommand}).
 */
public final class Args {

    private final String command;
    private final Map<String, String> values = new HashMap<>();

    Args(String command, String[] argv, int from) {
        this.command = command;
        for (int i = from; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + argv[i] + "'");
            }
            String option = argv[i].substring(2);
            int equals = option.indexOf('=');
            if (equals >= 0) {
                put(option.substring(0, equals), option.substring(equals + 1));
            } else {
                boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
                put(option, flag ? "true" : argv[++i]);
            }
        }
    }

    private void put(String name, String value) {
        if (name.isEmpty()) {
            throw new UsageException(command + ": an option needs a name, as in --name=value");
        }
        values.put(name, value);
    }

    public String string(String name) {
        String value = values.remove(name);
        if (value == null) {
            throw new UsageException(command + ": missing --" + name);
        }
        return value;
    }

    public String string(String name, String fallback) {
        String value = values.remove(name);
        return value == null ? fallback : value;
    }

    public Path path(String name) {
        return Path.of(string(name));
    }

    public Path path(String name, Path fallback) {
        String value = values.remove(name);
        return value == null ? fallback : Path.of(value);
    }

    public int integer(String name, int fallback) {
        String value = values.remove(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " expects an integer, got '" + value + "'");
        }
    }

    public double number(String name, double fallback) {
        String value = values.remove(name);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " expects a number, got '" + value + "'");
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.remove(name));
    }

    /** --device (GERE_DEVICE, else cpu) as a DJL device; a name that is no device is a usage error. */
    public Device device() {
        String name = string("device", Devices.DEFAULT);
        try {
            return Devices.parse(name);
        } catch (IllegalArgumentException unknown) {
            throw new UsageException(command + ": " + unknown.getMessage());
        }
    }

    /** Call after reading every option: leftovers are typos the user should hear about. */
    public void requireAllUsed() {
        if (!values.isEmpty()) {
            throw new UsageException(command + ": unknown option(s) " + values.keySet().stream().map(k -> "--" + k).toList());
        }
    }

    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
