package org.gerenb.experiment;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gerenb.reference.ModelFingerprint;

/**
 * An experiment: every method of a spec run over the task sequence, each in its own resumable run
 * directory, then the results written as CSV tables, PNG plots and a manifest.
 */
public final class Experiment {

    private final ExperimentSpec spec;
    private final Path resultsDir;

    private Experiment(ExperimentSpec spec, Path resultsDir) {
        this.spec = spec;
        this.resultsDir = resultsDir;
    }

    /** A built-in experiment (quickstart, table2, table3, ablations) at the scale GERE_SCALE names. */
    public static Experiment builtIn(String name) {
        ExperimentSpec spec = ExperimentSpec.builtIn(name).atScale(System.getenv("GERE_SCALE"));
        return new Experiment(spec, Path.of("results", name));
    }

    public static Experiment fromFile(String file) {
        ExperimentSpec spec = ExperimentSpec.read(Path.of(file)).atScale(System.getenv("GERE_SCALE"));
        return new Experiment(spec, Path.of("results", spec.name()));
    }

    public static Experiment of(ExperimentSpec spec) {
        return new Experiment(spec, Path.of("results", spec.name()));
    }

    /** Settings merged into every run, e.g. with("{\"training\": {\"epochs\": 2}}"). */
    public Experiment with(String overrideJson) {
        return new Experiment(spec.with(overrideJson), resultsDir);
    }

    public Experiment atScale(String scale) {
        return new Experiment(spec.atScale(scale), resultsDir);
    }

    public Experiment resultsIn(String directory) {
        return new Experiment(spec, Path.of(directory));
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public Path resultsDir() {
        return resultsDir;
    }

    /** Runs (or resumes) every method, writes the results directory and returns the results. */
    public ExperimentResults run() {
        List<RunResult> results = new ArrayList<>();
        JsonArray durations = new JsonArray();
        for (RunSpec run : spec.runs()) {
            long start = System.nanoTime();
            System.out.println("== " + spec.name() + ": " + run.label());
            results.add(new ContinualRun(run, resultsDir.resolve("runs").resolve(run.slug())).run());
            JsonObject duration = new JsonObject();
            duration.addProperty("method", run.label());
            duration.addProperty("seconds", (System.nanoTime() - start) / 1e9);
            durations.add(duration);
        }
        ExperimentResults experimentResults = new ExperimentResults(spec.name(), results);
        experimentResults.write(resultsDir);
        writeManifest(durations);
        return experimentResults;
    }

    private void writeManifest(JsonArray durations) {
        JsonObject manifest = new JsonObject();
        manifest.addProperty("experiment", spec.name());
        manifest.addProperty("source", spec.source());
        manifest.addProperty("finished", Instant.now().toString());
        manifest.add("spec", spec.json());
        manifest.add("durations", durations);
        JsonObject versions = new JsonObject();
        versions.addProperty("java", System.getProperty("java.version"));
        versions.addProperty("djl", ai.djl.engine.Engine.getDjlVersion());
        versions.addProperty("engine", ai.djl.engine.Engine.getInstance().getEngineName() + " "
                + ai.djl.engine.Engine.getInstance().getVersion());
        versions.addProperty("gere-nb", String.valueOf(Experiment.class.getPackage().getImplementationVersion()));
        manifest.add("versions", versions);
        JsonObject fingerprints = new JsonObject();
        for (RunSpec run : spec.runs()) {
            fingerprints.addProperty("model " + run.model(), ModelFingerprint.of(run.model()));
        }
        manifest.add("fingerprints", fingerprints);
        try {
            Files.writeString(resultsDir.resolve("manifest.json"),
                    new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifest in " + resultsDir, e);
        }
    }
}
