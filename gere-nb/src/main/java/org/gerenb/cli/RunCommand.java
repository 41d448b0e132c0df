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
        run(args, ExperimentSpec.read(java.nio.file.Path.of(file)));
    }

    static void reproduce(Args args, String name) {
        run(args, ExperimentSpec.builtIn(name));
    }

    private static void run(Args args, ExperimentSpec spec) {
        String scale = args.string("scale", System.getenv().getOrDefault("GERE_SCALE", "full"));
        String results = args.string("results", Experiment.defaultResultsDir(spec.name(), scale).toString());
        String override = paperOverrides(args);
        args.requireAllUsed();
        ExperimentSpec scaled = spec.atScale(scale);
        Experiment experiment = Experiment.of(override.equals("{}") ? scaled : scaled.with(override)).resultsIn(results);
        ExperimentResults outcome = experiment.run();
        // rounded as in the notebooks (two decimals from 1 on), every row
        System.out.println(Show.table(outcome.summary(), Integer.MAX_VALUE));
        System.out.println("results written to " + experiment.resultsDir().toAbsolutePath());
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
