package org.gerenb.cli;

import org.gerenb.experiment.Experiment;
import org.gerenb.experiment.ExperimentResults;
import org.gerenb.experiment.ExperimentSpec;
import org.gerenb.report.Show;

/**
 * ./gere run FILE and ./gere reproduce NAME: run an experiment (every method over the sequence), write
 * the results directory and print the summary. A second invocation resumes unfinished runs.
 */
final class RunCommand {

    private RunCommand() {
    }

    static void runFile(Args args, String file) {
        run(args, spec(file));
    }

    /** ./gere cells SPEC: one line per (method, seed) cell, "LABEL<TAB>SEED", for job arrays. */
    static void cells(Args args, String file) {
        Experiment experiment = experiment(args, spec(file));
        args.requireAllUsed();
        experiment.cells().forEach(cell -> System.out.println(cell.label() + "\t" + cell.seed()));
    }

    /** ./gere merge SPEC: the tables and plots of the finished cells in the results directory. */
    static void merge(Args args, String file) {
        Experiment experiment = experiment(args, spec(file));
        args.requireAllUsed();
        print(experiment, experiment.merge());
    }

    /** A built-in name (quickstart, table2, ...) or an experiment file. */
    private static ExperimentSpec spec(String nameOrFile) {
        return ExperimentSpec.BUILT_IN.contains(nameOrFile) ? ExperimentSpec.builtIn(nameOrFile)
                : ExperimentSpec.read(java.nio.file.Path.of(nameOrFile));
    }

    static void reproduce(Args args, String name) {
        run(args, ExperimentSpec.builtIn(name));
    }


    /** With --method LABEL --seed S only that cell runs (a scheduler's job); ./gere merge builds the tables. */
    private static void run(Args args, ExperimentSpec spec) {
        String method = args.string("method", null);
        Integer seed = args.has("seed") ? args.integer("seed", 0) : null;
        Experiment experiment = experiment(args, spec);
        args.requireAllUsed();
        if (method != null || seed != null) {
            if (method == null || seed == null) {
                throw new Args.UsageException("--method and --seed go together: they name one cell (./gere cells)");
            }
            experiment.runCell(new Experiment.Cell(method, seed));
            System.out.println("cell finished; ./gere merge builds the tables from every finished cell");
            return;
        }
        print(experiment, experiment.run());
    }

    private static Experiment experiment(Args args, ExperimentSpec spec) {
        String scale = args.string("scale", System.getenv().getOrDefault("GERE_SCALE", "full"));
        String results = args.string("results", Experiment.defaultResultsDir(spec.name(), scale).toString());
        String override = paperOverrides(args);
        ExperimentSpec scaled = spec.atScale(scale);
        return Experiment.of(override.equals("{}") ? scaled : scaled.with(override)).resultsIn(results);
    }

    private static void print(Experiment experiment, ExperimentResults outcome) {
        System.out.println(Show.table(outcome.headline(), Integer.MAX_VALUE));
        System.out.println("results written to " + experiment.resultsDir().toAbsolutePath()
                + " (summary.csv has every metric with its interval)");
    }

    /** Paths of a paper-scale setup given on the command line replace the embedded ones. */
    private static String paperOverrides(Args args) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        String model = args.string("model", null);
        String device = args.string("device", null);
        if (model != null) {
            o.addProperty("model", model);
        }
        if (device != null) {
            o.addProperty("device", device);
        }
        section(o, "tasks", "root", args.string("tasks", null));
        section(o, "general", "benchmark", args.string("mmlu", null));
        section(o, "replay", "file", args.string("replay", null));
        return o.toString();
    }

    private static void section(com.google.gson.JsonObject o, String section, String key, String value) {
        if (value != null) {
            com.google.gson.JsonObject s = new com.google.gson.JsonObject();
            s.addProperty(key, value);
            o.add(section, s);
        }
    }
}
