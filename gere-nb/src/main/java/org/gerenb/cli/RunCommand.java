package org.gerenb.cli;

import java.util.ArrayList;
import java.util.List;
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
        run(args, spec(file), List.of("run", file));
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
        run(args, ExperimentSpec.builtIn(name), List.of("reproduce", name));
    }

    /**
     * With --method LABEL --seed S only that cell runs (a scheduler's job); ./gere merge builds the tables.
     * Otherwise every cell runs, on --workers processes (default: one per core on a CPU, one on a GPU).
     */
    private static void run(Args args, ExperimentSpec spec, List<String> command) {
        String method = args.string("method", null);
        Integer seed = args.has("seed") ? args.integer("seed", 0) : null;
        Integer workers = args.has("workers") ? args.integer("workers", 1) : null;
        List<String> options = new ArrayList<>();
        Experiment experiment = experiment(args, spec, options);
        args.requireAllUsed();
        if (method != null || seed != null) {
            if (method == null || seed == null) {
                throw new Args.UsageException("--method and --seed go together: they name one cell (./gere cells)");
            }
            experiment.runCell(new Experiment.Cell(method, seed));
            System.out.println("cell finished; ./gere merge builds the tables from every finished cell");
            return;
        }
        int cells = experiment.cells().size();
        int processes = workers != null ? workers
                : experiment.spec().runs().get(0).device().startsWith("gpu") ? 1 : ParallelCells.defaultWorkers(cells);
        if (processes < 1) {
            throw new Args.UsageException("--workers must be at least 1, got " + processes);
        }
        List<String> cellCommand = new ArrayList<>(command);
        cellCommand.addAll(options);
        print(experiment, processes == 1 ? experiment.run()
                : experiment.run(new ParallelCells(experiment, Math.min(processes, cells), cellCommand)));
    }

    /** The experiment the options name; {@code named} receives those options, as a cell's own command line needs them. */
    private static Experiment experiment(Args args, ExperimentSpec spec, List<String> named) {
        String scale = args.string("scale", System.getenv().getOrDefault("GERE_SCALE", "full"));
        String results = args.string("results", Experiment.defaultResultsDir(spec.name(), scale).toString());
        String override = paperOverrides(args, named);
        named.addAll(List.of("--scale", scale, "--results", java.nio.file.Path.of(results).toAbsolutePath().toString()));
        ExperimentSpec scaled = spec.atScale(scale);
        return Experiment.of(override.equals("{}") ? scaled : scaled.with(override)).resultsIn(results);
    }

    private static Experiment experiment(Args args, ExperimentSpec spec) {
        return experiment(args, spec, new ArrayList<>());
    }

    private static void print(Experiment experiment, ExperimentResults outcome) {
        System.out.println(Show.table(outcome.headline(), Integer.MAX_VALUE));
        System.out.println("results written to " + experiment.resultsDir().toAbsolutePath()
                + " (summary.csv has every metric with its interval)");
    }

    /** Paths of a paper-scale setup given on the command line replace the embedded ones. */
    private static String paperOverrides(Args args, List<String> named) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        String model = option(args, "model", named);
        String device = option(args, "device", named);
        if (model != null) {
            o.addProperty("model", model);
        }
        if (device != null) {
            o.addProperty("device", device);
        }
        section(o, "tasks", "root", option(args, "tasks", named));
        section(o, "general", "benchmark", option(args, "mmlu", named));
        section(o, "replay", "file", option(args, "replay", named));
        return o.toString();
    }

    private static String option(Args args, String name, List<String> named) {
        String value = args.string(name, null);
        if (value != null) {
            named.addAll(List.of("--" + name, value));
        }
        return value;
    }

    private static void section(com.google.gson.JsonObject o, String section, String key, String value) {
        if (value != null) {
            com.google.gson.JsonObject s = new com.google.gson.JsonObject();
            s.addProperty(key, value);
            o.add(section, s);
        }
    }
}
