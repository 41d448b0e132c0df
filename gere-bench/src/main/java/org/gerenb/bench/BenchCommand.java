package org.gerenb.bench;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.gerenb.cli.Args;
import org.gerenb.cli.ExternalCommand;
import org.gerenb.experiment.ContinualRun;
import org.gerenb.experiment.Experiment;
import org.gerenb.experiment.RunSpec;
import org.gerenb.experiment.StageScores;
import org.gerenb.eval.Transcript;

/**
 * ./gere bench: figures, not a test. (1) training-step throughput of the model in the configurations of
 * tools/bench/hf_train_step.py, optionally side by side with PyTorch eager (--compare); (2) resident memory
 * over a long run; (3) what GeRe adds: TM step time over replay CE, region store size, reference-pass speed;
 * (4) one full-scale stage evaluation of a built-in experiment, part by part. --sections picks some.
 */
public final class BenchCommand implements ExternalCommand {

    private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final long SEED = 0;
    private static final List<String> SECTIONS = List.of("throughput", "memory", "gere", "eval");

    private final List<String[]> csv = new ArrayList<>();

    /** For ServiceLoader, which ./gere's command line consults for "bench". */
    public BenchCommand() {
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public void run(Args args) {
        int steps = args.integer("steps", 30);
        int warmup = args.integer("warmup", 3);
        int memorySteps = args.integer("memory-steps", 1000);
        int rounds = args.integer("rounds", 3);
        int threads = args.integer("threads", 2);
        String configNames = args.string("configs", "small,medium");
        Path out = args.path("out", null);
        boolean compare = args.flag("compare");
        String python = args.string("python", defaultPython());
        List<String> sections = List.of(args.string("sections", String.join(",", SECTIONS)).split(","));
        String evalSpec = args.string("eval-spec", "quickstart");
        args.requireAllUsed();
        if (!SECTIONS.containsAll(sections)) {
            throw new Args.UsageException("bench: --sections takes some of " + SECTIONS + ", got " + sections);
        }
        if (steps <= 0 || warmup < 0 || memorySteps < 0 || rounds <= 0 || threads <= 0) {
            throw new Args.UsageException("bench: --steps, --rounds and --threads must be positive, --warmup and "
                    + "--memory-steps >= 0");
        }
        List<BenchConfig> configs;
        try {
            configs = BenchConfig.parse(configNames);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("bench: --configs: " + e.getMessage());
        }
        if (System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(threads)); // read once, when the engine starts
        }
        csv.clear();
        bench(sections, configs, warmup, steps, memorySteps, rounds, compare ? onPath(python) : null, evalSpec, out);
    }

    /** GERE_PYTHON (a Python with torch and transformers, e.g. a venv's bin/python), else python3 on the PATH. */
    private static String defaultPython() {
        return System.getenv().getOrDefault("GERE_PYTHON", "python3");
    }

    /** A bare name (python3) is looked up on the PATH, as a shell would; a path is taken as it is. */
    private static Path onPath(String python) {
        if (python.contains("/")) {
            return Path.of(python);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, python);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(python);
    }

    private void bench(List<String> sections, List<BenchConfig> configs, int warmup, int steps, int memorySteps,
            int rounds, Path python, String evalSpec, Path out) {
        Engine engine = Engine.getInstance();
        System.out.printf(Locale.ROOT, "gere bench: %s %s via DJL %s, intra-op threads %s, %d cores; batch %d x %d "
                + "random tokens, vocab %d, untied; warm-up %d, timed steps %d%n", engine.getEngineName(),
                engine.getVersion(), Engine.getDjlVersion(), System.getProperty(THREADS_PROPERTY),
                Runtime.getRuntime().availableProcessors(), BenchConfig.BATCH, BenchConfig.SEQ, BenchConfig.VOCAB,
                warmup, steps);
        List<String> added = ReferenceScript.addedNativeSettings();
        System.out.println(added.isEmpty() ? "environment/native.env added nothing to the environment"
                : "environment/native.env set " + String.join(", ", added.stream().map(n -> n + "=" + System.getenv(n))
                        .toList()) + " for the JVM; the PyTorch references run without it");
        System.out.println("load average " + loadAverage() + " at start");
        csv.add(new String[] {"run", "all", "load_average_1min_start", loadAverage().split(" ")[0]});

        if (sections.contains("throughput")) {
            List<StepThroughput.Result> java = measureJava(configs, warmup, steps);
            printThroughput(java);
            if (python != null) {
                compare(java, configs, python, warmup, steps, rounds);
            }
        }
        if (sections.contains("memory") && memorySteps > 0) {
            printMemory(MemoryGrowth.measure(configs.get(0), memorySteps, SEED));
        }
        if (sections.contains("gere")) {
            printGeRe(GeReEngineBench.measure(configs.get(0), warmup, steps, rounds, SEED));
        }
        if (sections.contains("eval")) {
            printEvaluation(evalSpec, python);
        }
        System.out.println("\nload average " + loadAverage() + " at the end");
        if (out != null) {
            writeCsv(out);
        }
    }

    private void printThroughput(List<StepThroughput.Result> results) {
        System.out.printf(Locale.ROOT, "%n1. Training step: forward + CE | backward | global-norm clip + AdamW "
                + "(lr 1e-4, wd 0), as Trainer steps; load %s%n", loadAverage());
        TextTable table = new TextTable("config", "params", "tokens/s", "step ms", "forward ms", "backward ms",
                "optimizer ms", "peak RSS MB", "RSS MB", "loss first->last");
        for (StepThroughput.Result r : results) {
            table.row(r.config().name(), r.parameters(), f0(r.tokensPerSecond()), f1(r.stepMs()), f1(r.forwardMs()),
                    f1(r.backwardMs()), f1(r.optimizerMs()), f0(r.peakRssMb()), f0(r.rssMb()),
                    String.format(Locale.ROOT, "%.3f->%.3f", r.firstLoss(), r.lastLoss()));
            String name = r.config().name();
            record("throughput", name, "parameters", r.parameters());
            record("throughput", name, "tokens_per_s", r.tokensPerSecond());
            record("throughput", name, "forward_ms", r.forwardMs());
            record("throughput", name, "backward_ms", r.backwardMs());
            record("throughput", name, "optimizer_ms", r.optimizerMs());
            record("throughput", name, "peak_rss_mb", r.peakRssMb());
            record("throughput", name, "rss_mb", r.rssMb());
        }
        System.out.print(table);
        System.out.println("(peak RSS: VmHWM reset before each config; the whole JVM with the PyTorch library)");
    }

    private static List<StepThroughput.Result> measureJava(List<BenchConfig> configs, int warmup, int steps) {
        List<StepThroughput.Result> java = new ArrayList<>();
        for (BenchConfig config : configs) {
            java.add(StepThroughput.measure(config, warmup, steps, SEED));
        }
        return java;
    }

    /**
     * Java and PyTorch alternated for {@code rounds} rounds (the first Java round is the one printed above), so
     * that a machine's drift between the two runs shows as spread between rounds instead of as a ratio. The CSV
     * has every round (metric suffix _roundN) and, unsuffixed, the medians.
     */
    private void compare(List<StepThroughput.Result> firstJava, List<BenchConfig> configs, Path python, int warmup,
            int steps, int rounds) {
        Path script = PyTorchReference.locateScript();
        if (script == null || !Files.isExecutable(python)) {
            System.out.println("\n--compare: skipped, " + (script == null ? PyTorchReference.class.getSimpleName()
                    + " found no tools/bench/hf_train_step.py" : python + " is not an executable Python"));
            return;
        }
        System.out.printf(Locale.ROOT, "%nrunning %s with %s, %d round(s) alternated with Java (load %s)...%n", script,
                python, rounds, loadAverage());
        TextTable table = new TextTable("round", "config", "Java tok/s", "PyTorch tok/s", "Java/PyTorch",
                "Java fwd/bwd/opt ms", "PyTorch fwd/bwd/opt ms", "Java peak MB", "PyTorch peak MB", "load");
        Map<String, List<RoundFigures>> byConfig = new LinkedHashMap<>();
        String versions = "";
        for (int round = 1; round <= rounds; round++) {
            List<StepThroughput.Result> java = round == 1 ? firstJava : measureJava(configs, warmup, steps);
            Map<String, PyTorchReference.Result> torch = PyTorchReference.run(python, script, configs, warmup, steps,
                    threads(), TrainingStep.MAX_GRAD_NORM);
            PyTorchReference.Result any = torch.values().iterator().next();
            versions = any.versions() + ", threads " + any.threads();
            compareRound(round, java, torch, table, byConfig);
        }
        byConfig.forEach((config, figures) -> {
            double java = median(figures, RoundFigures::javaTokensPerSecond);
            double torch = median(figures, RoundFigures::pytorchTokensPerSecond);
            double ratio = median(figures, RoundFigures::ratio);
            table.row("median", config, f0(java), f0(torch), f2(ratio), "", "", "", "", "");
            record("pytorch", config, "java_tokens_per_s", java);
            record("pytorch", config, "tokens_per_s", torch);
            record("pytorch", config, "java_over_pytorch", ratio);
        });
        System.out.printf(Locale.ROOT, "Side by side with PyTorch eager, HF LlamaForCausalLM (%s; its optimizer phase "
                + "is clip_grad_norm_(%s) + AdamW + zero_grad, the step Trainer takes; the median row's ratio is the "
                + "median of the rounds' ratios)%n", versions, TrainingStep.MAX_GRAD_NORM);
        System.out.print(table);
    }

    private void compareRound(int round, List<StepThroughput.Result> java, Map<String, PyTorchReference.Result> torch,
            TextTable table, Map<String, List<RoundFigures>> byConfig) {
        for (StepThroughput.Result j : java) {
            PyTorchReference.Result t = torch.get(j.config().name());
            if (t == null) {
                continue;
            }
            double ratio = j.tokensPerSecond() / t.tokensPerSecond();
            table.row(round, j.config().name(), f0(j.tokensPerSecond()), f0(t.tokensPerSecond()), f2(ratio),
                    f1(j.forwardMs()) + " / " + f1(j.backwardMs()) + " / " + f1(j.optimizerMs()),
                    f1(t.forwardMs()) + " / " + f1(t.backwardMs()) + " / " + f1(t.optimizerMs()),
                    f0(j.peakRssMb()), f0(t.peakRssMb()), loadAverage().split(" ")[0]);
            recordRound(round, j, t, ratio);
            byConfig.computeIfAbsent(t.config(), c -> new ArrayList<>()).add(
                    new RoundFigures(j.tokensPerSecond(), t.tokensPerSecond(), ratio));
            if (round == 1 && j.parameters() != t.parameters()) {
                System.out.println("warning: " + t.config() + " has " + j.parameters() + " parameters in Java, "
                        + t.parameters() + " in PyTorch");
            }
        }
    }

    private void recordRound(int round, StepThroughput.Result java, PyTorchReference.Result t, double ratio) {
        String suffix = "_round" + round;
        record("pytorch", t.config(), "java_tokens_per_s" + suffix, java.tokensPerSecond());
        record("pytorch", t.config(), "tokens_per_s" + suffix, t.tokensPerSecond());
        record("pytorch", t.config(), "forward_ms" + suffix, t.forwardMs());
        record("pytorch", t.config(), "backward_ms" + suffix, t.backwardMs());
        record("pytorch", t.config(), "optimizer_ms" + suffix, t.optimizerMs());
        record("pytorch", t.config(), "peak_rss_mb" + suffix, t.peakRssMb());
        record("pytorch", t.config(), "java_over_pytorch" + suffix, ratio);
    }

    private static int threads() {
        return Integer.parseInt(System.getProperty(THREADS_PROPERTY));
    }

    /** One configuration's throughputs in one round of the comparison. */
    private record RoundFigures(double javaTokensPerSecond, double pytorchTokensPerSecond, double ratio) {
    }

    private static double median(List<RoundFigures> rounds, ToDoubleFunction<RoundFigures> figure) {
        return Median.of(rounds.stream().map(figure::applyAsDouble).toList());
    }

    private void printMemory(MemoryGrowth.Result r) {
        System.out.printf(Locale.ROOT, "%n2. Resident memory over %d training steps of %s (%.0f s); load %s%n",
                r.samples().get(r.samples().size() - 1).step(), r.config().name(), r.seconds(), loadAverage());
        TextTable table = new TextTable("after step", "RSS MB", "Java heap MB", "outside heap MB");
        for (MemoryGrowth.Sample s : r.samples()) {
            table.row(s.step(), f0(s.rssMb()), f0(s.javaHeapRssMb()), f0(s.outsideHeapMb()));
            record("memory", r.config().name(), "rss_mb_step_" + s.step(), s.rssMb());
            record("memory", r.config().name(), "outside_heap_mb_step_" + s.step(), s.outsideHeapMb());
        }
        System.out.print(table);
        MemoryGrowth.Sample first = r.samples().get(0);
        MemoryGrowth.Sample last = r.samples().get(r.samples().size() - 1);
        System.out.printf(Locale.ROOT, "growth from step %d to step %d: RSS %+.1f MB, outside the Java heap %+.1f MB "
                + "(goal: none; heap pages touched for the first time also count as RSS)%n", first.step(), last.step(),
                r.growthMb(), r.outsideHeapGrowthMb());
        record("memory", r.config().name(), "outside_heap_growth_mb", r.outsideHeapGrowthMb());
        record("memory", r.config().name(), "growth_mb", r.growthMb());
    }

    private void printGeRe(GeReEngineBench.Result r) {
        System.out.printf(Locale.ROOT, "%n3. GeRe engine on %s (random weights; %d task items of %d tokens, %d replay "
                + "samples, global batch %d); load %s%n", r.config().name(), GeReEngineBench.TASK_ITEMS,
                BenchConfig.SEQ, GeReEngineBench.REPLAY_SAMPLES, BenchConfig.BATCH, loadAverage());
        TextTable steps = new TextTable("Trainer step", "mean ms", "median ms", "CPU ms", "TM / this: means",
                "medians", "CPU");
        stepRow(steps, "BaselineR, replay CE only (no reference)", r.replayCe(), r.tm());
        stepRow(steps, "BaselineR + region reference (violation log)", r.replayCeLogged(), r.tm());
        stepRow(steps, "BaselineR+TM (w=100)", r.tm(), r.tm());
        System.out.print(steps);
        System.out.printf(Locale.ROOT, "(wall clock: %d timed steps per run x %d rounds; CPU: the training "
                + "thread's CPU time per step over whole runs; goal TM / replay CE <= 1.05)%n", r.stepsPerRun(),
                r.rounds());
        TextTable store = new TextTable("reference", "value");
        store.row("region store (2-bit codes)", r.storeBytes() + " B");
        store.row("same states as float32", r.float32Bytes() + " B");
        store.row("float32 / store (goal >= 16)", f2(r.storeRatio()));
        store.row("reference pass", r.build() == null ? "reused" : r.build().toString());
        store.row("reference-pass tokens/s", r.build() == null ? "-" : f0(r.build().tokensPerSecond()));
        System.out.print(store);
        String name = r.config().name();
        record("gere", name, "replay_ce_step_ms_mean", r.replayCe().mean());
        record("gere", name, "replay_ce_step_ms_median", r.replayCe().median());
        record("gere", name, "replay_ce_logged_step_ms_mean", r.replayCeLogged().mean());
        record("gere", name, "replay_ce_logged_step_ms_median", r.replayCeLogged().median());
        record("gere", name, "tm_step_ms_mean", r.tm().mean());
        record("gere", name, "tm_step_ms_median", r.tm().median());
        record("gere", name, "tm_over_replay_ce_mean", r.tm().mean() / r.replayCe().mean());
        record("gere", name, "tm_over_replay_ce_median", r.tm().median() / r.replayCe().median());
        record("gere", name, "replay_ce_cpu_ms_per_step", r.replayCe().cpuMillisPerStep());
        record("gere", name, "replay_ce_logged_cpu_ms_per_step", r.replayCeLogged().cpuMillisPerStep());
        record("gere", name, "tm_cpu_ms_per_step", r.tm().cpuMillisPerStep());
        record("gere", name, "tm_over_replay_ce_cpu", r.tm().cpuMillisPerStep() / r.replayCe().cpuMillisPerStep());
        record("gere", name, "store_bytes", r.storeBytes());
        record("gere", name, "float32_bytes", r.float32Bytes());
        record("gere", name, "store_ratio", r.storeRatio());
        if (r.build() != null) {
            record("gere", name, "reference_tokens_per_s", r.build().tokensPerSecond());
        }
    }

    private static void stepRow(TextTable table, String label, GeReEngineBench.StepTimes times,
            GeReEngineBench.StepTimes tm) {
        table.row(label, f1(times.mean()), f1(times.median()), f1(times.cpuMillisPerStep()),
                f3(tm.mean() / times.mean()), f3(tm.median() / times.median()),
                f3(tm.cpuMillisPerStep() / times.cpuMillisPerStep()));
    }

    /**
     * One full-scale stage evaluation of a built-in experiment's base model, part by part; with a Python, the
     * same questions answered by Hugging Face transformers + torch beside it.
     */
    private void printEvaluation(String specName, Path python) {
        System.out.printf(Locale.ROOT, "%n4. Stage evaluation: %s at full scale, the base model, every task by generation "
                + "and ranking, the general benchmark and held-out perplexity; load %s%n", specName, loadAverage());
        Experiment experiment = Experiment.builtIn(specName).atScale("full");
        Transcript transcript = new Transcript(); // recorded always: it counts the items
        ContinualRun.TimedEvaluation timed = experiment.timeBaseEvaluation(transcript);
        double total = timed.partSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        timed.partSeconds().forEach((part, seconds) -> record("eval", specName, part + "_s", seconds));
        record("eval", specName, "total_s", total);
        if (python == null) {
            Map<String, Integer> items = EvaluationReference.itemsByPart(transcript);
            TextTable parts = new TextTable("part", "items", "Java s", "Java items/s");
            timed.partSeconds().forEach((part, seconds) -> parts.row(part, items.getOrDefault(part, 0), f2(seconds),
                    f0(items.getOrDefault(part, 0) / seconds)));
            parts.row("total", "", f2(total), "");
            System.out.print(parts);
        } else {
            printEvaluationBeside(experiment, transcript, timed, python, total);
        }
        StageScores scores = timed.scores();
        System.out.printf(Locale.ROOT, "scores (compare with the experiment's stage 0): ranking %s, generation %s, "
                + "general %.2f (in %.2f, out %.2f), perplexity %.2f (in %.2f, out %.2f)%n",
                java.util.Arrays.toString(scores.ranking()), java.util.Arrays.toString(scores.generation()),
                scores.general(), scores.generalIn(), scores.generalOut(), scores.perplexity(), scores.perplexityIn(),
                scores.perplexityOut());
    }

    private void printEvaluationBeside(Experiment experiment, Transcript transcript, ContinualRun.TimedEvaluation timed,
            Path python, double javaTotal) {
        RunSpec run = experiment.spec().runs().get(0);
        Path script = ReferenceScript.locate(EvaluationReference.SCRIPT);
        if (script == null) {
            throw new IllegalStateException("--compare needs " + EvaluationReference.SCRIPT + " of a GeRe-NB checkout");
        }
        Path workDir = experiment.resultsDir().resolveSibling("bench-eval");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        List<EvaluationReference.Part> parts = EvaluationReference.compare(python, script, run.model(), transcript,
                timed.partSeconds(), threads(), workDir);
        TextTable table = new TextTable("part", "items", "Java s", "PyTorch s", "Java items/s", "PyTorch items/s",
                "Java/PyTorch speed", "agreement");
        double pytorchTotal = 0;
        for (EvaluationReference.Part p : parts) {
            table.row(p.name(), p.items(), f2(p.javaSeconds()), f2(p.pytorchSeconds()), f0(p.items() / p.javaSeconds()),
                    f0(p.items() / p.pytorchSeconds()), f2(p.pytorchSeconds() / p.javaSeconds()), p.agreement());
            record("eval", "pytorch", p.name() + "_s", p.pytorchSeconds());
            pytorchTotal += p.pytorchSeconds();
        }
        table.row("eval", "", f2(javaTotal), f2(pytorchTotal), "", "", f2(pytorchTotal / javaTotal),
                "(goal: speed >= 1.0)");
        record("eval", "pytorch", "total_s", pytorchTotal);
        record("eval", "all", "java_speed_over_pytorch", pytorchTotal / javaTotal);
        System.out.print(table);
        System.out.println("(PyTorch is given the token ids; Java's seconds include building them from text)");
    }

    private void record(String section, String config, String metric, double value) {
        String text = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value);
        csv.add(new String[] {section, config, metric, text});
    }

    private void writeCsv(Path out) {
        List<String> lines = new ArrayList<>();
        lines.add("section,config,metric,value");
        csv.forEach(row -> lines.add(String.join(",", row)));
        lines.add("run,all,load_average_1min_end," + loadAverage().split(" ")[0]);
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.write(out, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        System.out.println("figures written to " + out);
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" where /proc/loadavg is missing. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
