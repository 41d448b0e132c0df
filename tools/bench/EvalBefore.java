import ai.djl.engine.Engine;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gerenb.model.Checkpoint;
import org.gerenb.model.Generator;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.SequenceScorer;

/**
 * The stage evaluation as the library did it before issue 10 (commit 686aa00): every (prompt, continuation)
 * pair scored on its own, greedy generation as a separate pass over the prompts, perplexity from full logits.
 * It answers the questions of an eval transcript (the token ids `./gere bench --sections eval --compare`
 * writes to results/bench-eval/eval-transcript.jsonl, with the current judge's answers beside them), times
 * each part, and compares its answers with the recorded ones.
 *
 * tools/bench/eval-before-after.sh builds 686aa00 in a worktree and runs this file on its jar:
 * <pre>
 *   java -cp "OLD/gere-nb/target/gere-nb.jar:OLD/gere-nb/target/lib/*" tools/bench/EvalBefore.java \
 *       datasets/model results/bench-eval/eval-transcript.jsonl 16
 * </pre>
 * Only public methods that exist unchanged in both versions are called, so the same file runs on the current
 * jar too. Token ids are given, so its seconds leave out tokenization, which the current judge's include.
 */
public final class EvalBefore {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        List<JsonObject> lines = Files.readAllLines(Path.of(args[1])).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        int batch = Integer.parseInt(args[2]);
        JsonObject settings = lines.get(0);
        int maxNew = settings.get("max_new_tokens").getAsInt();
        long eos = settings.get("eos").getAsLong();
        long pad = settings.get("pad").getAsLong();
        System.out.printf(Locale.ROOT, "EvalBefore: batch %d, %s, MALLOC_MMAP_MAX_=%s, load %s%n", batch,
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                System.getenv("MALLOC_MMAP_MAX_"), Files.readString(Path.of("/proc/loadavg")).trim());
        try (LlamaModel m = Checkpoint.load(model)) {
            SequenceScorer.logLikelihoods(m, List.of(new long[] {1, 5, 6}), List.of(new long[] {7}), 1, pad); // warm-up
            double total = 0;
            for (String part : List.of("tasks", "general")) {
                List<JsonObject> scored = of(lines, "score", part);
                List<JsonObject> generated = of(lines, "generate", part);
                long start = System.nanoTime();
                double[] scores = SequenceScorer.logLikelihoods(m, ids(scored, "prompt"), ids(scored, "continuation"),
                        batch, pad);
                double scoring = seconds(start);
                start = System.nanoTime();
                List<long[]> outputs = generated.isEmpty() ? List.of()
                        : Generator.greedy(m, ids(generated, "prompt"), maxNew, eos, batch, pad);
                double generation = seconds(start);
                double worst = 0;
                for (int i = 0; i < scores.length; i++) {
                    double ours = scored.get(i).get("log_likelihood").getAsDouble();
                    worst = Math.max(worst, Math.abs(scores[i] - ours) / Math.max(1, Math.abs(ours)));
                }
                int same = 0;
                for (int i = 0; i < outputs.size(); i++) {
                    same += Arrays.equals(outputs.get(i), array(generated.get(i).getAsJsonArray("output"))) ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%-10s scoring %6.2f s (%d pairs, max relative difference %.1e), "
                        + "generation %6.2f s (%d of %d completions identical)%n", part, scoring, scores.length, worst,
                        generation, same, outputs.size());
                total += scoring + generation;
            }
            List<JsonObject> texts = of(lines, "text", "perplexity");
            long start = System.nanoTime();
            SequenceScorer.Score[] nll = SequenceScorer.languageModeling(m, ids(texts, "ids"), batch, pad);
            double perplexity = seconds(start);
            double worst = 0;
            for (int i = 0; i < nll.length; i++) {
                double ours = texts.get(i).get("nll").getAsDouble();
                worst = Math.max(worst, Math.abs(nll[i].nll() - ours) / Math.max(1, Math.abs(ours)));
            }
            System.out.printf(Locale.ROOT, "%-10s %6.2f s (%d texts, max relative difference %.1e)%n", "perplexity",
                    perplexity, nll.length, worst);
            total += perplexity;
            System.out.printf(Locale.ROOT, "total      %6.2f s; load %s%n", total,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    private static List<JsonObject> of(List<JsonObject> lines, String kind, String part) {
        return lines.stream().filter(o -> o.get("kind").getAsString().equals(kind)
                && o.get("part").getAsString().equals(part)).toList();
    }

    private static List<long[]> ids(List<JsonObject> entries, String key) {
        List<long[]> ids = new ArrayList<>();
        for (JsonObject o : entries) {
            ids.add(array(o.getAsJsonArray(key)));
        }
        return ids;
    }

    private static long[] array(JsonArray a) {
        long[] ids = new long[a.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = a.get(i).getAsLong();
        }
        return ids;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
