package org.gerenb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.gerenb.model.CausalLmLoss;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SafeTensorsFile;
import org.gerenb.model.SafeTensorsWriter;
import org.gerenb.model.SequenceScorer;
import org.gerenb.model.TextTokenizer;
import org.gerenb.model.TokenBatch;
import org.gerenb.model.WeightPrecision;
import org.gerenb.runtime.Progress;

/**
 * Language-model pretraining from scratch on packed text: every text becomes BOS + tokens + EOS, the
 * stream is cut into blocks of the context length, and each epoch visits the blocks in a seeded order.
 * A checkpoint (weights, optimizer moments, step) is written every few steps; a run started again
 * with the same output directory resumes from it and continues exactly as if never stopped.
 */
public final class Pretrainer {

    /** Held-out loss every evalEvery steps, beside pretrain_log.csv. */
    public static final String HELDOUT_LOG = "heldout_log.csv";

    /** Settings of one pretraining run. */
    public record Settings(int steps, int batch, int context, double learningRate, int warmupSteps, long seed,
            int checkpointEvery, int evalEvery) {
    }

    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final Settings settings;
    private final Path out;
    private final List<long[]> heldout;

    /** @param heldout token ids of held-out texts whose loss is measured every evalEvery steps (may be empty) */
    public Pretrainer(LlamaModel model, TextTokenizer tokenizer, Settings settings, Path out, List<long[]> heldout) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.out = out;
        this.heldout = heldout;
    }

    /** Trains to the configured step count; returns the mean loss of the last 50 steps. */
    public double run(List<String> texts) {
        List<long[]> blocks = pack(texts);
        System.err.printf(Locale.ROOT, "pretrain: %d blocks of %d tokens (%d tokens), %d steps of %d blocks%n",
                blocks.size(), settings.context(), (long) blocks.size() * settings.context(), settings.steps(),
                settings.batch());
        Map<String, NDArray> parameters = model.parameters();
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        LearningRateSchedule schedule = new LearningRateSchedule(LearningRateSchedule.Shape.COSINE,
                settings.learningRate(), settings.warmupSteps(), settings.steps());
        List<Double> recent = new ArrayList<>();
        try (AdamW optimizer = new AdamW(parameters, 0.9, 0.95, 1e-8, 0.1);
             Progress progress = new Progress("pretrain", settings.steps())) {
            int start = resume(optimizer);
            progress.step(start, "resumed");
            Engine.getInstance().setRandomSeed((int) (settings.seed() + start));
            for (int step = start; step < settings.steps(); step++) {
                long began = System.nanoTime();
                double loss = step(batch(blocks, step), optimizer, schedule.at(step));
                double tokensPerSecond = settings.batch() * settings.context() / ((System.nanoTime() - began) / 1e9);
                log(step, schedule.at(step), loss, tokensPerSecond);
                recent.add(loss);
                progress.step(String.format(Locale.ROOT, "loss %.3f  %.0f tok/s", loss, tokensPerSecond));
                if (!heldout.isEmpty() && ((step + 1) % settings.evalEvery() == 0 || step + 1 == settings.steps())) {
                    logHeldout(step + 1);
                }
                if ((step + 1) % settings.checkpointEvery() == 0 || step + 1 == settings.steps()) {
                    checkpoint(optimizer, step + 1);
                }
            }
        }
        return recent.subList(Math.max(0, recent.size() - 50), recent.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private double step(List<long[]> rows, AdamW optimizer, double lr) {
        NDManager manager = model.manager();
        double loss;
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            TokenBatch batch = TokenBatch.languageModeling(rows, tokenizer.padId());
            NDArray value = CausalLmLoss.mean(model.forward(batch.idsArray(manager), batch.maskArray(manager)).logits(),
                    batch.labelsArray(manager));
            collector.backward(value);
            loss = value.getFloat();
        }
        GradientClipping.clipGlobalNorm(model.parameters().values(), 1.0);
        optimizer.step(lr);
        return loss;
    }

    private List<long[]> pack(List<String> texts) {
        List<Long> stream = new ArrayList<>();
        for (String text : texts) {
            stream.add((long) tokenizer.bosId());
            for (long id : tokenizer.encodePlain(text)) {
                stream.add(id);
            }
            stream.add((long) tokenizer.eosId());
        }
        List<long[]> blocks = new ArrayList<>();
        for (int start = 0; start + settings.context() <= stream.size(); start += settings.context()) {
            long[] block = new long[settings.context()];
            for (int i = 0; i < block.length; i++) {
                block[i] = stream.get(start + i);
            }
            blocks.add(block);
        }
        return blocks;
    }

    /** The blocks of a step depend only on (seed, step), which is what makes resuming exact. */
    private List<long[]> batch(List<long[]> blocks, int step) {
        long first = (long) step * settings.batch();
        List<long[]> rows = new ArrayList<>();
        Map<Integer, List<Integer>> orders = new HashMap<>();
        for (long i = first; i < first + settings.batch(); i++) {
            int epoch = (int) (i / blocks.size());
            List<Integer> order = orders.computeIfAbsent(epoch, e -> epochOrder(blocks.size(), e));
            rows.add(blocks.get(order.get((int) (i % blocks.size()))));
        }
        return rows;
    }

    private List<Integer> epochOrder(int size, int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(settings.seed() * 1000003L + epoch));
        return order;
    }

    private Path checkpointDir() {
        return out.resolve("checkpoint");
    }

    private void checkpoint(AdamW optimizer, int step) {
        Path dir = checkpointDir();
        Checkpoint.save(model, tokenizer, dir, WeightPrecision.F32);
        SafeTensorsWriter.write(dir.resolve("optimizer.safetensors"), optimizer.state(), WeightPrecision.F32);
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        state.addProperty("seed", settings.seed());
        write(dir.resolve("trainer_state.json"), state.toString());
    }

    private int resume(AdamW optimizer) {
        Path state = checkpointDir().resolve("trainer_state.json");
        if (!Files.isRegularFile(state)) {
            return 0;
        }
        try {
            int step = JsonParser.parseString(Files.readString(state)).getAsJsonObject().get("step").getAsInt();
            try (LlamaModel saved = Checkpoint.load(checkpointDir());
                 SafeTensorsFile moments = SafeTensorsFile.open(checkpointDir().resolve("optimizer.safetensors"));
                 NDManager scratch = NDManager.newBaseManager()) {
                saved.parameters().forEach((name, value) -> model.parameters().get(name).set(value.toFloatArray()));
                Map<String, NDArray> named = new HashMap<>();
                moments.names().forEach(name -> named.put(name, moments.load(name, scratch)));
                optimizer.restore(named, step);
            }
            System.err.println("pretrain: resuming from step " + step + " in " + checkpointDir());
            dropLogRowsFrom(step);
            return step;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + state, e);
        }
    }

    /** Steps after the checkpoint were lost with the interrupted run; they will be logged again. */
    private void dropLogRowsFrom(int step) throws IOException {
        dropRows(out.resolve("pretrain_log.csv"), row -> row < step);
        dropRows(out.resolve(HELDOUT_LOG), row -> row <= step);
    }

    private static void dropRows(Path file, java.util.function.IntPredicate keepStep) throws IOException {
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file);
            List<String> kept = new ArrayList<>(lines.subList(0, 1));
            lines.stream().skip(1).filter(l -> keepStep.test(Integer.parseInt(l.substring(0, l.indexOf(',')))))
                    .forEach(kept::add);
            Files.write(file, kept);
        }
    }

    /** Mean held-out NLL per token after {@code steps} steps: the curve that shows when pretraining has plateaued. */
    private void logHeldout(int steps) {
        double loss = Math.log(SequenceScorer.perplexity(model, heldout, 16, tokenizer.padId()));
        Path file = out.resolve(HELDOUT_LOG);
        String header = Files.exists(file) ? "" : "step,heldout_loss,heldout_perplexity\n";
        write(file, header + String.format(Locale.ROOT, "%d,%.5f,%.3f%n", steps, loss, Math.exp(loss)), true);
        System.err.printf(Locale.ROOT, "%npretrain: step %d held-out loss %.4f (perplexity %.2f)%n", steps, loss,
                Math.exp(loss));
    }

    private void log(int step, double lr, double loss, double tokensPerSecond) {
        Path file = out.resolve("pretrain_log.csv");
        String header = Files.exists(file) ? "" : "step,lr,loss,tokens_per_s\n";
        write(file, header + String.format(Locale.ROOT, "%d,%.6g,%.5f,%.0f%n", step, lr, loss, tokensPerSecond),
                true);
    }

    private static void write(Path file, String text) {
        write(file, text, false);
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                w.write(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
