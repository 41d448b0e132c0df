package org.gerenb.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The ./gere command line. */
public final class Main {

    private static final Set<String> WITH_OPERAND = Set.of("run", "reproduce", "plan", "cells", "merge");
    private static final List<String> HELP = List.of("--help", "-h");
    private static final int USAGE_ERROR = 2;
    private static final int FAILURE = 1;

    private Main() {
    }

    public static void main(String[] argv) {
        int status = execute(argv, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs one command line and returns its exit status (0 done, 1 failed, 2 usage error). */
    static int execute(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || HELP.contains(argv[0]) || argv[0].equals("help") && argv.length == 1) {
            out.print(Usage.all());
            return 0;
        }
        if (argv[0].equals("--version")) {
            out.println("gere " + version());
            return 0;
        }
        if (argv[0].equals("help")) {
            return help(argv[1], out, err);
        }
        if (Usage.isCommand(argv[0]) && asksForHelp(argv)) {
            out.print(Usage.of(argv[0]));
            return 0;
        }
        return run(argv, err);
    }

    /** ./gere help COMMAND, the same as ./gere COMMAND --help. */
    private static int help(String command, PrintStream out, PrintStream err) {
        if (!Usage.isCommand(command)) {
            err.println(unknownCommand(command));
            err.print(Usage.all());
            return USAGE_ERROR;
        }
        out.print(Usage.of(command));
        return 0;
    }

    private static int run(String[] argv, PrintStream err) {
        String command = argv[0];
        try {
            runCommand(argv);
            return 0;
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            err.print(Usage.isCommand(command) ? Usage.of(command) : Usage.all());
            return USAGE_ERROR;
        } catch (RuntimeException e) {
            err.println("gere " + command + ": " + e.getMessage());
            if (System.getenv("GERE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILURE;
        }
    }

    /** The version the jar's manifest records; classes run from a build folder have none. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version != null ? version : "(unknown: not run from the gere-nb jar)";
    }

    private static String unknownCommand(String command) {
        return "unknown command '" + command + "' (known: " + String.join(", ", Usage.commands()) + ")";
    }

    private static boolean asksForHelp(String[] argv) {
        return Arrays.stream(argv, 1, argv.length).anyMatch(HELP::contains);
    }

    private static void runCommand(String[] argv) {
        String command = argv[0];
        boolean operand = WITH_OPERAND.contains(command);
        if (operand && (argv.length < 2 || argv[1].startsWith("--"))) {
            throw new Args.UsageException(command + ": missing " + (command.equals("run") ? "FILE" : "NAME"));
        }
        dispatch(command, operand ? argv[1] : null, new Args(command, argv, operand ? 2 : 1));
    }

    private static void dispatch(String command, String positional, Args args) {
        switch (command) {
            case "perplexity" -> PerplexityCommand.run(args);
            case "pretrain" -> PretrainCommand.run(args);
            case "reference" -> ReferenceCommand.run(args);
            case "model-card" -> ModelCardCommand.run(args);
            case "run" -> RunCommand.runFile(args, positional);
            case "reproduce" -> RunCommand.reproduce(args, positional);
            case "plan" -> PlanCommand.run(args, positional);
            case "cells" -> RunCommand.cells(args, positional);
            case "merge" -> RunCommand.merge(args, positional);
            case "scorecard" -> ScorecardCommand.run(args);
            case "step-check" -> StepCheckCommand.run(args);
            default -> ExternalCommand.named(command).orElseThrow(() -> new Args.UsageException(Usage.isCommand(command)
                    ? command + " is in the gere-bench module, which is not on the classpath: run it as ./gere " + command
                    : unknownCommand(command))).run(args);
        }
    }
}
