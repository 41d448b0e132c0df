package org.gerenb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.gerenb.experiment.Experiment;

/**
 * Runs an experiment's cells as up to N child processes sharing the cores (OMP_NUM_THREADS = cores / N).
 * A 2.4M model's matrices are too small to keep many threads busy inside one pass, so on a machine with
 * many cores independent cells use them better than one cell with every thread. Each child is
 * {@code ./gere run|reproduce SPEC --method LABEL --seed S} with this process's options, writes its
 * whole output to runs/SLUG/seed-S/log.txt and resumes like any cell; its stage lines are relayed here.
 * The second worker starts once the first has the base model's scores, which every cell shares.
 */
final class ParallelCells implements Experiment.CellRunner {

    private static final Pattern STAGE_LINE = Pattern.compile(".* seed \\d+ stage \\d+: .*");
    private static final int LAST_LINES_OF_A_FAILURE = 8;

    private final Experiment experiment;
    private final int workers;
    private final Function<Experiment.Cell, List<String>> childCommand;

    /**
     * {@code cellCommand}: the subcommand and options that name this experiment, without --method and
     * --seed, e.g. [reproduce, quickstart, --scale, full, --results, /abs/results/quickstart].
     */
    ParallelCells(Experiment experiment, int workers, List<String> cellCommand) {
        this(experiment, workers, cell -> javaCommand(cellCommand, cell));
    }

    /** Children started by {@code childCommand} instead of this JVM's ./gere (tests stand in a script). */
    ParallelCells(Experiment experiment, int workers, Function<Experiment.Cell, List<String>> childCommand) {
        this.experiment = experiment;
        this.workers = workers;
        this.childCommand = childCommand;
    }

    /**
     * One worker per two cores, never more than the cells, at most 8: a second thread still speeds the
     * embedded model's training up 1.7x, so on two cores one process with both threads is as fast as two
     * processes of one (measured: 3-seed quickstart 15.8 min in one process, about 15.5 min on two).
     */
    static int defaultWorkers(int cells) {
        return Math.max(1, Math.min(Math.min(Runtime.getRuntime().availableProcessors() / 2, cells), 8));
    }

    @Override
    public Map<Experiment.Cell, Double> runAll(List<Experiment.Cell> cells) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        System.out.printf(Locale.ROOT, "%d cells on %d worker processes of %d thread%s each; logs in %s%n", cells.size(),
                workers, threads, threads == 1 ? "" : "s", experiment.resultsDir().resolve("runs"));
        Deque<Experiment.Cell> queue = new ArrayDeque<>(cells);
        Map<Experiment.Cell, Double> seconds = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Process> running = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread killer = new Thread(() -> running.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(killer);
        CountDownLatch baseScored = new CountDownLatch(1);
        List<Thread> loops = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w + 1;
            Thread loop = new Thread(() -> {
                if (worker > 1) {
                    await(baseScored);
                }
                for (Experiment.Cell cell = next(queue); cell != null; cell = next(queue)) {
                    runOne(worker, cell, threads, seconds, failed, running, baseScored);
                }
            }, "cell-worker-" + worker);
            loop.start();
            loops.add(loop);
        }
        loops.forEach(ParallelCells::join);
        Runtime.getRuntime().removeShutdownHook(killer);
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " cell(s) failed; run the command again to resume them:\n  "
                    + String.join("\n  ", failed));
        }
        Map<Experiment.Cell, Double> ordered = new LinkedHashMap<>();
        cells.forEach(cell -> ordered.put(cell, seconds.get(cell)));
        return ordered;
    }

    private void runOne(int worker, Experiment.Cell cell, int threads, Map<Experiment.Cell, Double> seconds,
            List<String> failed, List<Process> running, CountDownLatch baseScored) {
        Path log = experiment.cellDirectory(cell).resolve("log.txt");
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "[worker %d] %s, seed %d started%n", worker, cell.label(), cell.seed());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(childCommand.apply(cell)).redirectErrorStream(true);
            builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            builder.environment().put("MKL_NUM_THREADS", String.valueOf(threads));
            Process process = builder.start();
            running.add(process);
            Deque<String> lastLines = new ArrayDeque<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    file.write(line);
                    file.write('\n');
                    file.flush();
                    lastLines.addLast(line.strip());
                    if (lastLines.size() > LAST_LINES_OF_A_FAILURE) {
                        lastLines.removeFirst();
                    }
                    if (STAGE_LINE.matcher(line).matches()) {
                        System.out.println("[worker " + worker + "] " + line.strip());
                    }
                    if (line.contains(" stage 0: ")) {
                        baseScored.countDown();
                    }
                }
            }
            int status = process.waitFor();
            running.remove(process);
            double took = (System.nanoTime() - start) / 1e9;
            if (status != 0) {
                failed.add(cell.label() + ", seed " + cell.seed() + " (exit " + status + "; log " + log + ")");
                System.out.printf(Locale.ROOT, "[worker %d] %s, seed %d FAILED (exit %d), see %s; it ended with:%n    %s%n",
                        worker, cell.label(), cell.seed(), status, log, String.join("\n    ", lastLines));
            } else {
                seconds.put(cell, took);
                System.out.printf(Locale.ROOT, "[worker %d] %s, seed %d finished in %.0f s (%d cells done)%n",
                        worker, cell.label(), cell.seed(), took, seconds.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run cell " + cell + " (log " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            baseScored.countDown();
        }
    }

    private static List<String> javaCommand(List<String> cellCommand, Experiment.Cell cell) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(cellCommand);
        command.addAll(List.of("--method", cell.label(), "--seed", String.valueOf(cell.seed())));
        return command;
    }

    private static synchronized Experiment.Cell next(Deque<Experiment.Cell> queue) {
        return queue.pollFirst();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
