package org.gerenb.experiment;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.gerenb.eval.Transcript;
import org.gerenb.reference.ModelFingerprint;
import org.gerenb.report.Show;
import org.gerenb.runtime.Home;
import org.gerenb.runtime.Progress;
import org.gerenb.train.LoraConfig;
import org.gerenb.train.TrainOptions;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An experiment: every method of a spec run over the task sequence, each in its own resumable run
 * directory, then the results written as CSV tables, PNG plots and a manifest.
 */
public final class Experiment {

    private static final String FULL = "full";

    private final ExperimentSpec unscaled;
    private final String scale;
    private final List<String> overrides;
    private final Path chosenResultsDir;

    private Experiment(ExperimentSpec unscaled, String scale, List<String> overrides, Path chosenResultsDir) {
        this.unscaled = unscaled;
        this.scale = scale == null || scale.isBlank() ? FULL : scale;
        this.overrides = List.copyOf(overrides);
        this.chosenResultsDir = chosenResultsDir;
    }

    /** A built-in experiment (quickstart, table2, table3, ablations) at the scale GERE_SCALE names. */
    public static Experiment builtIn(String name) {
        return new Experiment(ExperimentSpec.builtIn(name), System.getenv("GERE_SCALE"), List.of(), null);
    }

    /**
     * The merged results of the built-in experiments that have finished cells at {@code scale}, by name; an
     * experiment without one is left out and said so (for the scorecard, which reads such claims as not
     * measured).
     */
    public static Map<String, ExperimentResults> finishedResults(String scale, String... names) {
        Map<String, ExperimentResults> finished = new LinkedHashMap<>();
        for (String name : names) {
            try {
                finished.put(name, builtIn(name).atScale(scale).merge());
            } catch (IllegalStateException noFinishedCell) {
                System.out.println(name + ": " + noFinishedCell.getMessage());
            }
        }
        return finished;
    }

    /** An experiment file, at the scale GERE_SCALE names. */
    public static Experiment fromFile(String file) {
        return new Experiment(ExperimentSpec.read(Home.resolve(file)), System.getenv("GERE_SCALE"), List.of(), null);
    }

    /** A spec used as it is (no scale applied). */
    public static Experiment of(ExperimentSpec spec) {
        return new Experiment(spec, FULL, List.of(), null);
    }

    /**
     * results/NAME at full scale, results/NAME-SCALE otherwise. Runs resume from their directory and start
     * over when it holds another spec, so a quick ci run must not share the directory of a full run. The
     * folder "results" can be moved with GERE_RESULTS (tests run in a scratch folder that way).
     */
    public static Path defaultResultsDir(String name, String scale) {
        boolean full = scale == null || scale.isBlank() || scale.equals(FULL);
        String root = System.getenv().getOrDefault("GERE_RESULTS", "results");
        return Home.resolve(root).resolve(full ? name : name + "-" + scale);
    }

    /** Settings merged into every run, e.g. with("{\"training\": {\"epochs\": 2}}"); they win over the scale's. */
    public Experiment with(String overrideJson) {
        List<String> more = new ArrayList<>(overrides);
        more.add(overrideJson);
        return new Experiment(unscaled, scale, more, chosenResultsDir);
    }

    /** Another scale of the spec ("full", "ci", or any the spec defines), replacing the one chosen before. */
    public Experiment atScale(String newScale) {
        return new Experiment(unscaled, newScale, overrides, chosenResultsDir);
    }

    /**
     * Another model and data in place of the embedded ones, e.g. a Llama-3.1-8B directory, the O-LoRA task
     * folder, MMLU and a SlimPajama sample; a null argument keeps the spec's setting.
     */
    public Experiment withData(String model, String tasksRoot, String benchmark, String replayFile) {
        JsonObject override = new JsonObject();
        addIfGiven(override, null, "model", model);
        addIfGiven(override, "tasks", "root", tasksRoot);
        addIfGiven(override, "general", "benchmark", benchmark);
        addIfGiven(override, "replay", "file", replayFile);
        return with(override.toString());
    }

    /** "cpu", "gpu" or "gpu:N" for every run. */
    public Experiment onDevice(String device) {
        JsonObject override = new JsonObject();
        override.addProperty("device", device);
        return with(override.toString());
    }

    private static void addIfGiven(JsonObject override, String section, String key, String value) {
        if (value == null) {
            return;
        }
        if (section == null) {
            override.addProperty(key, value);
        } else {
            JsonObject inner = new JsonObject();
            inner.addProperty(key, value);
            override.add(section, inner);
        }
    }

    public Experiment resultsIn(String directory) {
        return new Experiment(unscaled, scale, overrides, Home.resolve(directory));
    }

    /** The spec at this scale with the overrides merged in. */
    public ExperimentSpec spec() {
        ExperimentSpec spec = unscaled.atScale(scale);
        for (String override : overrides) {
            spec = spec.with(override);
        }
        return spec;
    }

    /** The directory chosen with {@link #resultsIn}, else {@link #defaultResultsDir} of the name and scale. */
    public Path resultsDir() {
        return chosenResultsDir != null ? chosenResultsDir : defaultResultsDir(unscaled.name(), scale);
    }

    /** What the runs share (read from the first method's run) and the methods, one setting per row. */
    public Table settings() {
        ExperimentSpec spec = spec();
        List<RunSpec> runs = spec.runs();
        RunSpec run = runs.get(0);
        Table table = Table.create(spec.name() + " at " + scale + " scale", StringColumn.create("setting"),
                StringColumn.create("value"));
        addRow(table, "model", Home.relative(run.model()) + " on " + run.device());
        addRow(table, "tasks", String.join(" -> ", run.tasks().sequence()) + " from " + Home.relative(run.tasks().root()));
        addRow(table, "examples per class", run.tasks().trainPerClass() + " train, " + run.tasks().testPerClass() + " test");
        addRow(table, "replay", describe(run.replay()));
        addRow(table, "general capability", describe(run.general()));
        addRow(table, "training", describe(run.training()));
        if (runs.stream().anyMatch(r -> r.method().lora())) {
            LoraConfig lora = run.lora();
            addRow(table, "LoRA", "r " + lora.rank() + ", alpha " + lora.alpha() + ", dropout " + lora.dropout() + " on "
                    + String.join(", ", lora.targets()));
        }
        addRow(table, "methods", String.join("; ", runs.stream().map(RunSpec::label).toList()));
        addRow(table, "seeds", spec.seeds().toString());
        addRow(table, "downstream metric", run.evaluation().primary().name().toLowerCase(Locale.ROOT)
                + " (primary; the other is reported beside it)");
        addRow(table, "results", Home.relative(resultsDir()));
        return table;
    }

    private static void addRow(Table table, String setting, String value) {
        table.stringColumn("setting").append(setting);
        table.stringColumn("value").append(value);
    }

    private static String describe(RunSpec.Replay replay) {
        return replay.count() + " texts of at most " + replay.maxLength() + " tokens from " + Home.relative(replay.file())
                + (replay.domains().isEmpty() ? "" : " (domains " + String.join(", ", replay.domains()) + ")")
                + "; thresholds mean -/+ " + replay.k() + " std";
    }

    private static String describe(RunSpec.General general) {
        String benchmark = general.benchmark() == null ? "no benchmark"
                : Home.relative(general.benchmark()) + ", " + general.shots() + "-shot, "
                + general.scoring().name().toLowerCase(Locale.ROOT) + " scoring, "
                + (general.perSubject() > 0 ? general.perSubject() + " questions per subject" : "all questions");
        String perplexity = general.heldout() == null ? "no perplexity"
                : "perplexity on " + general.heldoutCount() + " texts of " + Home.relative(general.heldout());
        String split = general.subjectsIn().isEmpty() ? "" : "; in: " + String.join(", ", general.subjectsIn())
                + "; out: " + String.join(", ", general.subjectsOut());
        return benchmark + split + "; " + perplexity;
    }

    private static String describe(TrainOptions training) {
        return training.epochs() + " epoch(s), lr " + training.learningRate() + ", "
                + training.schedule().name().toLowerCase(Locale.ROOT) + " schedule, " + training.warmupSteps()
                + " warm-up steps, global batch " + training.globalBatch() + " (micro-batches of "
                + training.microBatch() + ")";
    }

    /** One (method, seed) run of the experiment: an independent, resumable job on a cluster scheduler. */
    public record Cell(String label, int seed) {
    }

    /** Every cell, seed by seed, so that an interrupted experiment has every method at its first seeds. */
    public List<Cell> cells() {
        ExperimentSpec spec = spec();
        List<Cell> cells = new ArrayList<>();
        for (int seed : spec.seeds()) {
            spec.runs(seed).forEach(run -> cells.add(new Cell(run.label(), seed)));
        }
        return cells;
    }

    /** Runs a list of cells, in this process or as parallel jobs, and says how many seconds each took. */
    public interface CellRunner {
        Map<Cell, Double> runAll(List<Cell> cells);
    }

    /** Runs (or resumes) every cell in this process, writes the results directory and returns the results. */
    public ExperimentResults run() {
        return run(this::runHere);
    }

    /** Runs (or resumes) every cell with {@code runner}, then writes the results directory. */
    public ExperimentResults run(CellRunner runner) {
        JsonObject data = DataPreflight.check(spec());
        JsonArray durations = new JsonArray();
        Map<Cell, Double> cellSeconds;
        try (Progress.Scope bars = Show.progressInPlace()) {
            cellSeconds = runner.runAll(cells());
        }
        cellSeconds.forEach((cell, seconds) -> {
            JsonObject duration = new JsonObject();
            duration.addProperty("method", cell.label());
            duration.addProperty("seed", cell.seed());
            duration.addProperty("seconds", seconds);
            durations.add(duration);
        });
        return merge(finished -> durations, data);
    }

    private Map<Cell, Double> runHere(List<Cell> cells) {
        Map<Cell, Double> seconds = new LinkedHashMap<>();
        for (Cell cell : cells) {
            long start = System.nanoTime();
            System.out.println("== " + spec().name() + ": " + cell.label() + ", seed " + cell.seed() + " (cell "
                    + (cells.indexOf(cell) + 1) + " of " + cells.size() + ")");
            runCell(cell);
            seconds.put(cell, (System.nanoTime() - start) / 1e9);
        }
        return seconds;
    }

    /** Runs (or resumes) one cell; its results stay in its run directory until {@link #merge}. */
    public RunResult runCell(Cell cell) {
        RunSpec run = runSpec(cell);
        return new ContinualRun(run, runDirectory(resultsDir(), run, cell.seed()), resultsDir().resolve("runs")).run();
    }

    /**
     * Stage 0 of the first cell, evaluated and timed by part, nothing read or stored (./gere bench's eval);
     * every question and answer goes into {@code transcript} when it is not null.
     */
    public ContinualRun.TimedEvaluation timeBaseEvaluation(Transcript transcript) {
        Cell first = cells().get(0);
        RunSpec run = runSpec(first);
        return new ContinualRun(run, runDirectory(resultsDir(), run, first.seed())).timeBaseEvaluation(transcript);
    }

    /** Where a cell keeps its state, checkpoints and step logs (runs/SLUG/seed-S). */
    public Path cellDirectory(Cell cell) {
        return runDirectory(resultsDir(), runSpec(cell), cell.seed());
    }

    /** The tables and plots of the finished cells (run here or as separate jobs); unfinished ones are named. */
    public ExperimentResults merge() {
        return merge(this::recordedDurations, DataPreflight.check(spec()));
    }

    /** {@code durationsOf} gives the manifest's cell durations, from the list of finished cells. */
    private ExperimentResults merge(Function<List<Cell>, JsonArray> durationsOf, JsonObject data) {
        ExperimentSpec spec = spec();
        List<RunResult> results = new ArrayList<>();
        List<Cell> finished = new ArrayList<>();
        List<Cell> unfinished = new ArrayList<>();
        for (Cell cell : cells()) {
            RunSpec run = runSpec(cell);
            ContinualRun continual = new ContinualRun(run, runDirectory(resultsDir(), run, cell.seed()),
                    resultsDir().resolve("runs"));
            continual.finishedResult().ifPresentOrElse(result -> {
                results.add(result);
                finished.add(cell);
            }, () -> unfinished.add(cell));
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("no finished cell of " + spec.name() + " in " + resultsDir());
        }
        if (!unfinished.isEmpty()) {
            System.out.println("not finished yet (left out of the tables): " + unfinished);
        }
        ExperimentResults experimentResults = new ExperimentResults(spec.name(), results);
        experimentResults.write(resultsDir());
        writeManifest(spec, scale, resultsDir(), durationsOf.apply(finished), data);
        return experimentResults;
    }

    /**
     * The durations an earlier manifest in the results directory recorded for these cells, when it describes the
     * same computation at the same scale (a manifest written before manifests named their scale counts as this
     * scale: each scale has its own directory by default); otherwise none.
     */
    private JsonArray recordedDurations(List<Cell> cells) {
        JsonArray kept = new JsonArray();
        Path manifest = resultsDir().resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return kept;
        }
        JsonObject earlier;
        try {
            earlier = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            System.out.println(manifest + " is unreadable (" + e.getMessage() + "): the new manifest records no "
                    + "cell durations");
            return kept;
        }
        boolean sameScale = !earlier.has("scale") || scale.equals(earlier.get("scale").getAsString());
        JsonObject earlierSpec = earlier.has("spec") ? earlier.getAsJsonObject("spec") : null;
        if (!sameScale || !SpecJson.sameComputation(spec().json(), earlierSpec) || !earlier.has("durations")) {
            return kept;
        }
        for (JsonElement entry : earlier.getAsJsonArray("durations")) {
            JsonObject duration = entry.getAsJsonObject();
            if (cells.contains(new Cell(duration.get("method").getAsString(), duration.get("seed").getAsInt()))) {
                kept.add(duration);
            }
        }
        return kept;
    }

    private RunSpec runSpec(Cell cell) {
        return spec().runs(cell.seed()).stream().filter(r -> r.label().equals(cell.label())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method '" + cell.label() + "' in " + spec().name()
                        + "; have " + spec().runs().stream().map(RunSpec::label).toList()));
    }

    /** runs/METHOD/seed-S: each (method, seed) cell resumes on its own. */
    static Path runDirectory(Path resultsDir, RunSpec run, int seed) {
        return resultsDir.resolve("runs").resolve(run.slug()).resolve("seed-" + seed);
    }

    private static void writeManifest(ExperimentSpec spec, String scale, Path resultsDir, JsonArray durations,
            JsonObject data) {
        JsonObject manifest = new JsonObject();
        manifest.addProperty("experiment", spec.name());
        manifest.addProperty("source", spec.source());
        manifest.addProperty("scale", scale);
        manifest.addProperty("finished", Instant.now().toString());
        manifest.add("spec", spec.json());
        JsonArray seeds = new JsonArray();
        spec.seeds().forEach(seeds::add);
        manifest.add("seeds", seeds);
        manifest.add("durations", durations);
        manifest.add("data", data);
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
