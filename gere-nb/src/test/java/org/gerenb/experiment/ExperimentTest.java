package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gerenb.eval.AccuracyMatrix;
import org.gerenb.runtime.Home;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ExperimentTest {

    private static final double EPS = 1e-9;

    @Test
    void everyBuiltInExperimentResolvesAtEveryScale() {
        for (String name : ExperimentSpec.BUILT_IN) {
            List<String> scales = name.equals("learnability") ? List.of("full", "ci") : List.of("full", "ci", "paper");
            for (String scale : scales) {
                Experiment experiment = Experiment.of(ExperimentSpec.builtIn(name)).atScale(scale);
                assertFalse(experiment.spec().runs().isEmpty(), name + " at " + scale);
            }
        }
    }

    @Test
    void quickScalesKeepTheirResultsApartFromFullRuns() {
        Path results = Home.resolve(System.getenv().getOrDefault("GERE_RESULTS", "results"));
        assertEquals(results.resolve("table2"), Experiment.defaultResultsDir("table2", "full"));
        assertEquals(results.resolve("table2"), Experiment.defaultResultsDir("table2", null));
        assertEquals(results.resolve("table2-ci"), Experiment.defaultResultsDir("table2", "ci"));
        Experiment quickstart = Experiment.of(ExperimentSpec.builtIn("quickstart"));
        assertEquals(Experiment.defaultResultsDir("quickstart", "ci"), quickstart.atScale("ci").resultsDir());
        assertEquals(Path.of("/tmp/elsewhere"), quickstart.resultsIn("/tmp/elsewhere").atScale("ci").resultsDir());
    }

    @Test
    void aLaterScaleReplacesTheEarlierOne() {
        ExperimentSpec full = ExperimentSpec.builtIn("quickstart");
        Experiment back = Experiment.of(full).atScale("ci").atScale("full");
        assertEquals(full.json(), back.spec().json());
        assertEquals(Experiment.defaultResultsDir("quickstart", "full"), back.resultsDir());
    }

    @Test
    void overridesWinOverTheScale() {
        Experiment experiment = Experiment.of(ExperimentSpec.builtIn("quickstart"))
                .with("{\"tasks\": {\"train_per_class\": 3}}").atScale("ci");
        RunSpec run = experiment.spec().runs().get(0);
        RunSpec ci = Experiment.of(ExperimentSpec.builtIn("quickstart")).atScale("ci").spec().runs().get(0);
        assertEquals(3, run.tasks().trainPerClass());
        assertEquals(ci.tasks().testPerClass(), run.tasks().testPerClass(), "the ci scale still applies elsewhere");
    }

    @Test
    void dataAndDeviceCanBeReplaced() {
        RunSpec run = Experiment.of(ExperimentSpec.builtIn("quickstart"))
                .withData("/models/llama", null, "/data/mmlu", null).onDevice("gpu").spec().runs().get(0);
        assertEquals(Path.of("/models/llama"), run.model());
        assertEquals(Path.of("/data/mmlu"), run.general().benchmark());
        assertEquals(Home.resolve("datasets/tasks"), run.tasks().root());
        assertEquals("gpu", run.device());
    }

    @Test
    void settingsNameTheModelTheMethodsAndTheResults() {
        Table settings = Experiment.of(ExperimentSpec.builtIn("table3")).atScale("ci").settings();
        List<String> rows = settings.stringColumn("setting").asList();
        assertTrue(rows.containsAll(List.of("model", "tasks", "replay", "training", "LoRA", "methods", "results")),
                rows.toString());
        String methods = settings.stringColumn("value").get(rows.indexOf("methods"));
        assertTrue(methods.contains("(LoRA)"), methods);
    }

    private static RunResult run(String method, double lastScore, double general) {
        return run(method, 1, lastScore, general);
    }

    private static RunResult run(String method, int seed, double lastScore, double general) {
        AccuracyMatrix matrix = new AccuracyMatrix(List.of("a", "b"),
                new double[][] {{10, 10}, {80, 20}, {60, lastScore}});
        return new RunResult(method, seed, RunSpec.Primary.RANKING, matrix, matrix, Table.create("steps"),
                stages(new double[] {50, 45, general}));
    }

    /** Stages with the given general scores, perplexities 20, 21, ... and nothing else measured. */
    static List<StageScores> stages(double[] general) {
        List<StageScores> stages = new java.util.ArrayList<>();
        for (int stage = 0; stage < general.length; stage++) {
            stages.add(new StageScores(new double[0], new double[0], general[stage], Double.NaN, Double.NaN, List.of(),
                    20 + stage, Double.NaN, Double.NaN, 0));
        }
        return stages;
    }

    @Test
    void theSummaryGivesMeansOverSeedsWithTheirIntervalAndCompareTellsWhetherADifferenceHolds() {
        // AP = (60 + last) / 2: GeRe seeds 90, 94, 86 -> 75, 77, 73; Baseline 70, 76, 64 -> 65, 68, 62
        ExperimentResults results = new ExperimentResults("x", List.of(run("GeRe", 1, 90, 48), run("Baseline", 1, 70, 40),
                run("GeRe", 2, 94, 48), run("Baseline", 2, 76, 40), run("GeRe", 3, 86, 48), run("Baseline", 3, 64, 40)));
        Table summary = results.summary();
        assertEquals(List.of("GeRe", "Baseline"), summary.stringColumn("method").asList());
        assertEquals(3, summary.intColumn("seeds").get(0));
        assertEquals(75, summary.doubleColumn("ap").get(0), EPS);
        // sd = 2, t(0.975, 2) = 4.303: 4.303 * 2 / sqrt(3)
        assertEquals(4.303 * 2 / Math.sqrt(3), summary.doubleColumn("ap_ci95").get(0), 1e-9);
        // paired differences 10, 9, 11: mean 10, sd 1
        Table comparison = results.compare("GeRe", "Baseline");
        int ap = comparison.stringColumn("metric").asList().indexOf("ap");
        assertEquals(10, comparison.doubleColumn("difference").get(ap), EPS);
        assertEquals(4.303 / Math.sqrt(3), comparison.doubleColumn("difference_ci95").get(ap), 1e-9);
        assertEquals("yes", comparison.stringColumn("holds").get(ap));
        assertEquals(6, results.summaryBySeed().rowCount());
        assertEquals(List.of(1, 2, 3), results.seeds());
    }

    @Test
    void compareGivesBothMethodsAndTheirDifference() {
        ExperimentResults results = new ExperimentResults("x", List.of(run("GeRe", 90, 48), run("Baseline", 70, 40)));
        Table comparison = results.compare("GeRe", "Baseline");
        List<String> metrics = comparison.stringColumn("metric").asList();
        int general = metrics.indexOf("general");
        assertEquals(8, comparison.doubleColumn("difference").get(general), EPS);
        assertEquals(10, comparison.doubleColumn("difference").get(metrics.indexOf("ap")), EPS);
        assertThrows(IllegalArgumentException.class, () -> results.compare("GeRe", "KL"));
    }

    @Test
    void theScorecardGivesAVerdictPerClaimFromPairedDifferences() {
        // BaselineR beats Baseline on AP by 10, 9, 11 (holds); general is 48 vs 40 at every seed (holds, 0 spread)
        ExperimentResults table2 = new ExperimentResults("table2", List.of(run("Baseline", 1, 70, 40),
                run("BaselineR", 1, 90, 48), run("Baseline", 2, 76, 40), run("BaselineR", 2, 94, 48),
                run("Baseline", 3, 64, 40), run("BaselineR", 3, 86, 48)));
        Table card = Scorecard.of(java.util.Map.of("table2", table2));
        List<String> claims = card.stringColumn("claim").asList();
        int ap = claims.indexOf("3. generic replay also raises AP");
        assertEquals(10, card.doubleColumn("difference").get(ap), EPS);
        assertEquals("supported", card.stringColumn("verdict").get(ap));
        int general = claims.indexOf("2. generic replay retains general capability");
        assertEquals("not measured", card.stringColumn("check").get(general), "general_out is not measured here");
        assertEquals("not measured", card.stringColumn("verdict").get(claims.indexOf(
                "4. TM beats label fitting, KL, L1 and L2 on F1 Avg")));
        // the base model's general score is 50, Baseline ends at 40: a loss of 10 at every seed
        int lost = claims.indexOf("1. without replay, general capability is lost");
        assertEquals("supported", card.stringColumn("check").get(lost + 1));
        assertEquals(-10, card.doubleColumn("difference").get(lost + 1), EPS);
    }

    @Test
    void thePapersRelativeMeasuresStandBesideOursPairedBySeed() {
        // one-task demo: GeRe keeps general at 48, plain fine-tuning ends at 40 at every seed (2 seeds paired)
        ExperimentResults onetask = new ExperimentResults("onetask", List.of(run("Baseline", 1, 70, 40),
                run("BaselineR+TM (w=dy)", 1, 80, 48), run("Baseline", 2, 72, 40), run("BaselineR+TM (w=dy)", 2, 78, 48)));
        Table beside = Scorecard.besidePaper(java.util.Map.of("onetask", onetask));
        int oneTask = beside.stringColumn("setting").asList().indexOf("one task");
        assertEquals(64.54 - 61.79, beside.doubleColumn("paper_difference").get(oneTask), EPS);
        assertEquals(8, beside.doubleColumn("our_difference").get(oneTask), EPS);
        assertEquals(2, beside.intColumn("seeds").get(oneTask));
        int lora = beside.stringColumn("metric").asList().indexOf("ap");
        assertEquals(64.44 - 74.08, beside.doubleColumn("paper_difference").get(lora), EPS);
        assertEquals(0, beside.intColumn("seeds").get(lora), "Table III and II not given: not measured");
        assertTrue(beside.doubleColumn("our_difference").isMissing(lora));
    }

    @Test
    void learningRateCurvesDrawEachFamilyAgainstItsMultiple() {
        ExperimentResults results = new ExperimentResults("ablations", List.of(run("TM dy lr x2 (0.001)", 1, 80, 40),
                run("TM dy lr x0.5 (0.00025)", 1, 90, 40), run("BaselineR lr x1 (0.0005)", 1, 70, 40),
                run("k=2", 1, 60, 40)));
        XYChart chart = results.learningRateCurves("ap");
        assertEquals(java.util.Set.of("TM dy", "BaselineR"), chart.getSeriesMap().keySet());
        assertArrayEquals(new double[] {0.5, 2}, chart.getSeriesMap().get("TM dy").getXData(), EPS);
        // AP = (60 + last) / 2
        assertArrayEquals(new double[] {75, 70}, chart.getSeriesMap().get("TM dy").getYData(), EPS);
        assertThrows(IllegalArgumentException.class, () -> results.only("k", "k=2").learningRateCurves("ap"));
    }

    @Test
    void lossCurvesCountStepsAcrossTheTasks() {
        Table steps = Table.create("steps", StringColumn.create("method", "GeRe", "GeRe", "GeRe", "GeRe"),
                IntColumn.create("stage", 1, 1, 2, 2), IntColumn.create("step", 0, 1, 0, 1),
                DoubleColumn.create("task_ce", 3, 2, 4, 3), DoubleColumn.create("replay_ce", 5, 5, 5, 5),
                DoubleColumn.create("constraint", 0, 0.1, 0.2, 0.2));
        AccuracyMatrix matrix = new AccuracyMatrix(List.of("a", "b"), new double[][] {{0, 0}, {1, 0}, {1, 1}});
        RunResult run = new RunResult("GeRe", 7, RunSpec.Primary.RANKING, matrix, matrix, steps,
                stages(new double[] {1, 1, 1}));
        XYChart chart = new ExperimentResults("x", List.of(run)).lossCurves("GeRe");
        assertArrayEquals(new double[] {0, 1, 2, 3}, chart.getSeriesMap().get("task_ce").getXData(), EPS);
    }

    @Test
    void onlyKeepsTheListedRunsThatExistInTheirOrder() {
        ExperimentResults results = new ExperimentResults("x", List.of(run("a", 1, 1), run("b", 2, 2), run("c", 3, 3)));
        ExperimentResults some = results.only("factor", "c", "missing", "a");
        assertEquals(List.of("c", "a"), some.runs().stream().map(RunResult::method).toList());
        assertEquals("x: factor", some.name());
        assertThrows(IllegalArgumentException.class, () -> results.only("none", "missing"));
    }

    @Test
    void generalByCategoryMeansAverageTheSeedsPerMethodStageAndCategory() {
        ExperimentResults results = new ExperimentResults("x", List.of(categoryRun(1, 6, 3), categoryRun(2, 8, 1)));
        Table means = results.generalByCategoryMeans();
        // stage 1, Humanities: 6/10 and 8/10 -> mean 70, sd 14.142, ci95 = 12.706 * 14.142 / sqrt 2 = 127.06
        Table humanities = means.where(means.intColumn("stage").isEqualTo(1)
                .and(means.stringColumn("category").isEqualTo("Humanities")));
        assertEquals(70.0, humanities.doubleColumn("accuracy").get(0), EPS);
        assertEquals(12.706 * Math.sqrt(200) / Math.sqrt(2), humanities.doubleColumn("accuracy_ci95").get(0), 0.01);
        assertEquals(2, humanities.intColumn("seeds").get(0));
        // Average over both categories: (6 + 3) / 20 = 45 and (8 + 1) / 20 = 45
        Table average = means.where(means.intColumn("stage").isEqualTo(1)
                .and(means.stringColumn("category").isEqualTo("Average")));
        assertEquals(45.0, average.doubleColumn("accuracy").get(0), EPS);
        assertEquals(0.0, average.doubleColumn("accuracy_ci95").get(0), EPS);
        assertEquals(2 * 3, means.rowCount(), "two stages x (two categories + Average)");
    }

    /** Stage 0 and 1, each with a Humanities and a STEM subject of 10 questions. */
    private static RunResult categoryRun(int seed, int humanitiesCorrect, int stemCorrect) {
        AccuracyMatrix matrix = new AccuracyMatrix(List.of("a"), new double[][] {{10}, {80}});
        List<StageScores> stages = new java.util.ArrayList<>();
        for (int stage = 0; stage < 2; stage++) {
            List<StageScores.SubjectScore> subjects = List.of(
                    new StageScores.SubjectScore("cloze_novel", "Humanities", stage == 0 ? 9 : humanitiesCorrect, 10),
                    new StageScores.SubjectScore("cloze_manual", "STEM", stage == 0 ? 9 : stemCorrect, 10));
            stages.add(new StageScores(new double[0], new double[0], 50, Double.NaN, Double.NaN, subjects, 20,
                    Double.NaN, Double.NaN, 0));
        }
        return new RunResult("GeRe", seed, RunSpec.Primary.RANKING, matrix, matrix, Table.create("steps"), stages);
    }
}
