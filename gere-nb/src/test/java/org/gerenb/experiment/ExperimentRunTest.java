package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.report.Tables;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * A whole tiny experiment (random model over the project's tokenizer, two 2-class tasks of a few
 * examples, a 4-sample replay set, a 4-question benchmark, 1 epoch, two seeds): an interrupted and
 * resumed run ends with the same numbers as an uninterrupted one, cells run one by one and merged equal
 * the sequential run, a changed spec starts over, and the results tables carry the metrics.
 */
class ExperimentRunTest {

    @TempDir
    static Path root;
    private static ExperimentSpec spec;
    private static ExperimentResults uninterrupted;

    @BeforeAll
    static void runUninterrupted() {
        TinySetup.modelWithTokenizer(root.resolve("model"), 16, 77);
        writeTask("yelp", List.of("negative", "positive"), new String[][] {
            {"The food was cold and the staff rude.", "negative"}, {"Loved every bite, will come back.", "positive"},
            {"Waited an hour for a burnt pizza.", "negative"}, {"Friendly people and great coffee.", "positive"},
            {"Dirty tables and a sour smell.", "negative"}, {"Best tacos in town, truly.", "positive"}});
        writeTask("spam", List.of("ham", "spam"), new String[][] {
            {"Meeting moved to three, see you there.", "ham"}, {"WIN a free cruise now, click here!!!", "spam"},
            {"Can you send me the notes from today?", "ham"}, {"Cheap pills, no prescription needed.", "spam"},
            {"Dinner at mine on Friday?", "ham"}, {"You have been selected for a cash prize.", "spam"}});
        TinySetup.write(root.resolve("replay.jsonl"), """
                {"text": "The river runs past the old mill and on towards the sea."}
                {"text": "In spring the hills turn green and the farmers plant barley."}
                {"text": "He opened the letter slowly, afraid of what it might say."}
                {"text": "Trains leave every hour from the north platform."}
                """);
        TinySetup.write(root.resolve("heldout.jsonl"), """
                {"text": "A quiet morning in the village, with bread from the baker."}
                {"text": "The committee will publish its report next week."}
                """);
        TinySetup.write(root.resolve("bench/test/philosophy_test.csv"), """
                Who wrote the Republic?,Plato,Kant,Hume,Marx,A
                Who wrote the Critique of Pure Reason?,Plato,Kant,Hume,Marx,B
                Who wrote the Treatise of Human Nature?,Plato,Kant,Hume,Marx,C
                Who wrote Capital?,Plato,Kant,Hume,Marx,D
                """);
        spec = ExperimentSpec.parse("""
                {"name": "resume", "model": "%1$s/model", "device": "cpu", "cache": "%1$s/cache",
                 "tasks": {"root": "%1$s/tasks", "sequence": ["yelp", "spam"], "train_per_class": 3, "test_per_class": 1},
                 "replay": {"file": "%1$s/replay.jsonl", "count": 4, "max_length": 24, "k": 1.0},
                 "general": {"benchmark": "%1$s/bench", "scoring": "options", "heldout": "%1$s/heldout.jsonl",
                             "heldout_count": 2, "heldout_max_length": 32},
                 "seeds": [7, 8],
                 "training": {"epochs": 1, "lr": 0.02, "warmup": 0, "global_batch": 4, "micro_batch": 2},
                 "evaluation": {"batch_size": 4, "max_new_tokens": 4},
                 "methods": ["baseline", "tm:dy+bi=1+lora"]}
                """.formatted(root.toString().replace("\\", "/")), "test spec");
        uninterrupted = Experiment.of(spec).resultsIn(root.resolve("a").toString()).run();
    }

    private static void writeTask(String name, List<String> labels, String[][] examples) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < examples.length; i++) {
            JsonObject example = new JsonObject();
            example.addProperty("sentence", examples[i][0]);
            example.addProperty("label", examples[i][1]);
            json.append(i == 0 ? "" : ",").append(example);
        }
        String list = json.append("]").toString();
        Path dir = root.resolve("tasks").resolve(name);
        for (String split : List.of("train", "dev", "test")) {
            TinySetup.write(dir.resolve(split + ".json"), list);
        }
        TinySetup.write(dir.resolve("labels.json"), new com.google.gson.Gson().toJson(labels));
    }

    @Test
    void anInterruptedRunResumesToTheSameNumbers() throws Exception {
        Path results = root.resolve("b");
        for (RunSpec run : spec.runs(7)) {
            Path runDir = Experiment.runDirectory(results, run, 7);
            ContinualRun.SimulatedCrash crash = assertThrows(ContinualRun.SimulatedCrash.class,
                    () -> new ContinualRun(run, runDir, results.resolve("runs")).crashingAfter(1).run());
            assertEquals("simulated crash after stage 1", crash.getMessage());
            JsonObject state = JsonParser.parseString(Files.readString(runDir.resolve("state.json"))).getAsJsonObject();
            assertEquals(2, state.getAsJsonArray("stages").size(), "stages 0 and 1 recorded");
            assertEquals("model-stage1", state.get("checkpoint").getAsString());
            assertTrue(Files.isDirectory(runDir.resolve("model-stage1")));
            assertFalse(Files.exists(runDir.resolve("steps-stage2.csv")));
        }
        Captured<ExperimentResults> resumed = captured(() -> Experiment.of(spec).resultsIn(results.toString()).run());
        assertEquals(4, uninterrupted.runs().size(), "2 methods x 2 seeds");
        for (RunResult a : uninterrupted.runs()) {
            RunSpec run = spec.runs(a.seed()).stream().filter(r -> r.label().equals(a.method())).findFirst().orElseThrow();
            if (a.seed() == 7) {
                assertTrue(resumed.output.contains(run.label() + ": resuming after stage 1"), resumed.output);
            }
            RunResult b = resumed.value.runs(run.label()).stream().filter(r -> r.seed() == a.seed()).findFirst()
                    .orElseThrow();
            assertMatrixEquals(a.generation(), b.generation(), run.label() + " generation");
            assertMatrixEquals(a.ranking(), b.ranking(), run.label() + " ranking");
            assertArrayEquals(a.general(), b.general(), run.label() + " general");
            assertArrayEquals(a.perplexity(), b.perplexity(), run.label() + " perplexity");
            for (String column : List.of("method", "stage", "task", "step", "lr", "task_ce", "replay_ce", "constraint",
                    "weight", "total", "grad_norm", "violation_rate")) {
                assertEquals(a.steps().column(column).asList(), b.steps().column(column).asList(),
                        run.label() + " steps " + column);
            }
        }
        // the numbers compared are not constant: training moved the model at each stage
        RunResult tm = uninterrupted.run("BaselineR+TM (w=dy) +BI(1) (LoRA)");
        assertTrue(tm.perplexity()[0] != tm.perplexity()[1] && tm.perplexity()[1] != tm.perplexity()[2],
                java.util.Arrays.toString(tm.perplexity()));
        RunResult baseline = uninterrupted.run("Baseline");
        assertTrue(baseline.perplexity()[1] != tm.perplexity()[1], "the methods differ");
        assertTrue(uninterrupted.runs("Baseline").get(1).perplexity()[1] != baseline.perplexity()[1], "the seeds differ");
        assertFalse(Double.isNaN(tm.general()[2]));
        assertEquals(Files.readString(root.resolve("a/summary.csv")), Files.readString(results.resolve("summary.csv")));
        assertEquals(Files.readString(root.resolve("a/accuracy_matrix.csv")),
                Files.readString(results.resolve("accuracy_matrix.csv")));
    }

    @Test
    void cellsRunOneByOneAndMergedEqualTheSequentialRun() throws Exception {
        Experiment experiment = Experiment.of(spec).resultsIn(root.resolve("cells").toString());
        List<Experiment.Cell> cells = experiment.cells();
        assertEquals(List.of(new Experiment.Cell("Baseline", 7), new Experiment.Cell("BaselineR+TM (w=dy) +BI(1) (LoRA)", 7),
                new Experiment.Cell("Baseline", 8), new Experiment.Cell("BaselineR+TM (w=dy) +BI(1) (LoRA)", 8)), cells);
        for (Experiment.Cell cell : List.of(cells.get(3), cells.get(0), cells.get(2), cells.get(1))) {
            experiment.runCell(cell);
        }
        experiment.merge();
        for (String file : List.of("summary.csv", "summary_by_seed.csv", "accuracy_matrix.csv", "general.csv")) {
            assertEquals(Files.readString(root.resolve("a").resolve(file)),
                    Files.readString(root.resolve("cells").resolve(file)), file);
        }
    }

    @Test
    void aMergeKeepsTheCellDurationsTheRunRecordedForTheSameComputation() throws Exception {
        Path dir = root.resolve("merged-again");
        copyRecursively(root.resolve("a"), dir);
        JsonArray recorded = manifestDurations(dir);
        assertEquals(4, recorded.size(), recorded.toString());
        Experiment.of(spec).resultsIn(dir.toString()).merge();
        assertEquals(recorded, manifestDurations(dir), "a merge of the same runs keeps the run's durations");
        Experiment.of(spec.with("{\"description\": \"reworded\"}")).resultsIn(dir.toString()).merge();
        assertEquals(recorded, manifestDurations(dir), "every cell is still finished under a reworded description");

        JsonObject manifest = manifest(dir);
        manifest.getAsJsonObject("spec").getAsJsonObject("training").addProperty("epochs", 9);
        Files.writeString(dir.resolve("manifest.json"), manifest.toString());
        Experiment.of(spec).resultsIn(dir.toString()).merge();
        assertEquals(0, manifestDurations(dir).size(), "durations of another computation are not carried over");
    }

    private static JsonArray manifestDurations(Path dir) throws IOException {
        return manifest(dir).getAsJsonArray("durations");
    }

    private static JsonObject manifest(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void aRewordedDescriptionResumes() throws Exception {
        RunSpec original = spec.runs().get(0);
        Path runDir = root.resolve("d").resolve("runs").resolve(original.slug());
        assertThrows(ContinualRun.SimulatedCrash.class, () -> new ContinualRun(original, runDir).crashingAfter(1).run());

        RunSpec reworded = spec.with("{\"description\": \"the same runs, described in other words\"}").runs().get(0);
        assertNotEquals(original.json(), reworded.json());
        Captured<Void> resumed = captured(() -> {
            assertThrows(ContinualRun.SimulatedCrash.class, () -> new ContinualRun(reworded, runDir).crashingAfter(2).run());
            return null;
        });
        assertTrue(resumed.output.contains("resuming after stage 1") && !resumed.output.contains("starting over"),
                resumed.output);
    }

    @Test
    void aChangedSpecInTheSameDirectoryStartsOver() throws Exception {
        RunSpec original = spec.runs().get(0);
        Path runDir = root.resolve("c").resolve("runs").resolve(original.slug());
        assertThrows(ContinualRun.SimulatedCrash.class, () -> new ContinualRun(original, runDir).crashingAfter(1).run());
        assertTrue(Files.isDirectory(runDir.resolve("model-stage1")));

        RunSpec changed = spec.with("{\"training\": {\"lr\": 0.05}}").runs().get(0);
        Captured<Void> restart = captured(() -> {
            assertThrows(ContinualRun.SimulatedCrash.class, () -> new ContinualRun(changed, runDir).crashingAfter(0).run());
            return null;
        });
        assertTrue(restart.output.contains("holds a run of another spec; starting over"), restart.output);
        JsonObject state = JsonParser.parseString(Files.readString(runDir.resolve("state.json"))).getAsJsonObject();
        assertEquals(1, state.getAsJsonArray("stages").size(), "only the new stage 0");
        assertEquals(0.05, state.getAsJsonObject("spec").getAsJsonObject("training").get("lr").getAsDouble());
        assertFalse(Files.exists(runDir.resolve("model-stage1")), "the old run's checkpoint is gone");
        assertFalse(Files.exists(runDir.resolve("steps-stage1.csv")), "the old run's steps are gone");

        // the unchanged spec in a directory of the changed one starts over too, rather than resuming it
        Captured<Void> back = captured(() -> {
            assertThrows(ContinualRun.SimulatedCrash.class, () -> new ContinualRun(original, runDir).crashingAfter(0).run());
            return null;
        });
        assertTrue(back.output.contains("starting over") && !back.output.contains("resuming"), back.output);
    }

    @Test
    void resultsTablesCarryTheMetrics() throws Exception {
        Table summary = uninterrupted.summary();
        assertTrue(summary.columnNames().containsAll(List.of("method", "ap", "bwt", "fwt", "forgetting", "general",
                "f1_avg")), summary.columnNames().toString());
        assertEquals(List.of("Baseline", "BaselineR+TM (w=dy) +BI(1) (LoRA)"), summary.stringColumn("method").asList());

        Table matrix = uninterrupted.accuracyMatrix();
        assertEquals(List.of("method", "seed", "metric", "stage", "task", "score"), matrix.columnNames());
        assertEquals(2 * 2 * 2 * 3 * 2, matrix.rowCount(), "2 methods x 2 seeds x 2 metrics x stages 0..2 x 2 tasks");
        Table bySeed = uninterrupted.summaryBySeed();
        for (int row = 0; row < bySeed.rowCount(); row++) {
            String method = bySeed.stringColumn("method").get(row);
            int seed = bySeed.intColumn("seed").get(row);
            RunResult run = uninterrupted.runs(method).stream().filter(r -> r.seed() == seed).findFirst().orElseThrow();
            AccuracyMatrix r = Tables.toAccuracyMatrix(matrix.where(matrix.intColumn("seed").isEqualTo(seed)
                    .and(matrix.stringColumn("metric").isEqualTo("generation"))), method);
            assertEquals(List.of("yelp", "spam"), r.tasks());
            for (int task = 0; task < 2; task++) {
                assertEquals(run.stages().get(0).generation()[task], r.score(0, task), "stage 0 is the base model");
                assertEquals(uninterrupted.runs(uninterrupted.methods().get(0)).stream().filter(x -> x.seed() == seed)
                        .findFirst().orElseThrow().stages().get(0).generation()[task], r.score(0, task),
                        "every method starts from the same base model");
            }
            assertEquals((r.score(2, 0) + r.score(2, 1)) / 2, bySeed.doubleColumn("ap").getDouble(row), 1e-12);
            assertEquals(r.score(2, 0) - r.score(1, 0), bySeed.doubleColumn("bwt").getDouble(row), 1e-12);
            assertEquals(r.score(1, 1) - r.score(0, 1), bySeed.doubleColumn("fwt").getDouble(row), 1e-12);
            assertEquals(Math.max(r.score(1, 0), r.score(2, 0)) - r.score(2, 0),
                    bySeed.doubleColumn("forgetting").getDouble(row), 1e-12);
            double general = run.general()[2];
            assertEquals(general, bySeed.doubleColumn("general").getDouble(row));
            assertEquals(AccuracyMatrix.f1Avg(general, r.ap()), bySeed.doubleColumn("f1_avg").getDouble(row), 1e-12);
        }
        for (int row = 0; row < summary.rowCount(); row++) {
            String method = summary.stringColumn("method").get(row);
            assertEquals(2, summary.intColumn("seeds").get(row));
            Table own = bySeed.where(bySeed.stringColumn("method").isEqualTo(method));
            assertEquals(own.doubleColumn("ap").mean(), summary.doubleColumn("ap").getDouble(row), 1e-12);
        }

        Path dir = root.resolve("a");
        assertTrue(Files.readAllLines(dir.resolve("summary.csv")).get(0)
                .startsWith("method,seeds,ap,ap_ci95,bwt,bwt_ci95,fwt,fwt_ci95,forgetting,forgetting_ci95,aia,aia_ci95"));
        assertTrue(Files.readAllLines(dir.resolve("summary_by_seed.csv")).get(0)
                .startsWith("method,seed,ap,bwt,fwt,forgetting,aia"));
        assertEquals("method,seed,metric,stage,task,score", Files.readAllLines(dir.resolve("accuracy_matrix.csv")).get(0));
        Table back = Tables.readCsv(dir.resolve("accuracy_matrix.csv"), ExperimentResults.ACCURACY_MATRIX_TYPES);
        assertEquals(matrix.rowCount(), back.rowCount());
        assertEquals(List.of(0, 0, 1, 1, 2, 2), back.intColumn("stage").asList().subList(0, 6));
        for (String file : List.of("general.csv", "general_by_category.csv", "steps.csv", "manifest.json",
                "general_by_stage.png")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        JsonObject manifest = manifest(dir);
        assertEquals("full", manifest.get("scale").getAsString(), "a committed output names its scale");
        assertEquals(2, manifest.getAsJsonArray("seeds").size(), "and its seeds");
    }

    private static void assertMatrixEquals(AccuracyMatrix a, AccuracyMatrix b, String what) {
        assertEquals(a.tasks(), b.tasks(), what);
        for (int stage = 0; stage <= a.taskCount(); stage++) {
            for (int task = 0; task < a.taskCount(); task++) {
                assertEquals(a.score(stage, task), b.score(stage, task), 0.0, what + " R[" + stage + "][" + task + "]");
            }
        }
    }

    private record Captured<T>(T value, String output) {
    }

    private static <T> Captured<T> captured(Supplier<T> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true));
        try {
            return new Captured<>(action.get(), bytes.toString());
        } finally {
            System.setOut(original);
        }
    }
}
