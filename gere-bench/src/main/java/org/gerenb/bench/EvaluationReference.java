package org.gerenb.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gerenb.eval.Transcript;

/**
 * The same stage evaluation done by Hugging Face transformers + torch, the way a careful user writes it:
 * the token ids our judge was given (a {@link Transcript}) go to tools/bench/hf_eval.py, which scores each
 * prompt once and continues every option from its past_key_values, generates greedily in left-padded
 * batches, and scores held-out texts in batches; it returns its seconds per part and its answers, which are
 * compared here with ours.
 */
public final class EvaluationReference {

    static final String SCRIPT = "tools/bench/hf_eval.py";

    /** One part as both sides did it: items, seconds, and how far the answers agree. */
    public record Part(String name, int items, double javaSeconds, double pytorchSeconds, String agreement) {
    }

    private EvaluationReference() {
    }

    /** Writes the transcript, runs the script in {@code python} on {@code modelDir}, compares part by part. */
    public static List<Part> compare(Path python, Path script, Path modelDir, Transcript transcript,
            Map<String, Double> javaSeconds, int threads, Path workDir) {
        Path requests = workDir.resolve("eval-transcript.jsonl");
        Path answers = workDir.resolve("eval-pytorch.json");
        write(transcript, requests);
        System.out.print(ReferenceScript.run(List.of(python.toString(), script.toString(), "--model", modelDir.toString(),
                "--transcript", requests.toString(), "--out", answers.toString(), "--threads", Integer.toString(threads))));
        JsonObject result = read(answers);
        JsonObject seconds = result.getAsJsonObject("seconds");
        Map<String, Integer> items = itemsByPart(transcript);
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String part : javaSeconds.keySet()) {
            parts.put(part, new Part(part, items.getOrDefault(part, 0), javaSeconds.get(part),
                    seconds.has(part) ? seconds.get(part).getAsDouble() : Double.NaN, ""));
        }
        agreeScores(transcript.scored(), result.getAsJsonArray("scored"), parts);
        agreeGenerations(transcript.generated(), result.getAsJsonArray("generated"), parts);
        agreeTexts(transcript.texts(), result.getAsJsonArray("texts"), parts);
        return List.copyOf(parts.values());
    }

    /** Questions per part: scored pairs, generated completions and scored texts. */
    static Map<String, Integer> itemsByPart(Transcript transcript) {
        Map<String, Integer> items = new LinkedHashMap<>();
        transcript.scored().forEach(s -> items.merge(s.part(), 1, Integer::sum));
        transcript.generated().forEach(g -> items.merge(g.part(), 1, Integer::sum));
        transcript.texts().forEach(t -> items.merge(t.part(), 1, Integer::sum));
        return items;
    }

    private static void agreeScores(List<Transcript.Scored> ours, JsonArray theirs, Map<String, Part> parts) {
        Map<String, Double> worst = new LinkedHashMap<>();
        for (int i = 0; i < ours.size(); i++) {
            Transcript.Scored s = ours.get(i);
            double relative = Math.abs(s.logLikelihood() - theirs.get(i).getAsDouble()) / Math.max(1, Math.abs(s.logLikelihood()));
            worst.merge(s.part(), relative, Math::max);
        }
        worst.forEach((part, w) -> agree(parts, part,
                String.format(java.util.Locale.ROOT, "log-likelihoods: max relative difference %.1e", w)));
    }

    private static void agreeGenerations(List<Transcript.Generated> ours, JsonArray theirs, Map<String, Part> parts) {
        Map<String, int[]> same = new LinkedHashMap<>();
        for (int i = 0; i < ours.size(); i++) {
            JsonArray output = theirs.get(i).getAsJsonArray();
            long[] their = new long[output.size()];
            for (int t = 0; t < their.length; t++) {
                their[t] = output.get(t).getAsLong();
            }
            int[] counts = same.computeIfAbsent(ours.get(i).part(), p -> new int[2]);
            counts[0] += Arrays.equals(ours.get(i).output(), their) ? 1 : 0;
            counts[1]++;
        }
        same.forEach((part, c) -> agree(parts, part, "identical completions " + c[0] + " of " + c[1]));
    }

    private static void agreeTexts(List<Transcript.Text> ours, JsonArray theirs, Map<String, Part> parts) {
        double worst = 0;
        for (int i = 0; i < ours.size(); i++) {
            double nll = ours.get(i).nll();
            worst = Math.max(worst, Math.abs(nll - theirs.get(i).getAsDouble()) / Math.max(1, Math.abs(nll)));
        }
        if (!ours.isEmpty()) {
            agree(parts, ours.get(0).part(),
                    String.format(java.util.Locale.ROOT, "text NLLs: max relative difference %.1e", worst));
        }
    }

    private static void agree(Map<String, Part> parts, String name, String agreement) {
        Part p = parts.get(name);
        if (p != null) {
            parts.put(name, new Part(name, p.items(), p.javaSeconds(), p.pytorchSeconds(),
                    p.agreement().isEmpty() ? agreement : p.agreement() + "; " + agreement));
        }
    }

    private static void write(Transcript transcript, Path file) {
        Transcript.Generation generation = transcript.generation();
        if (generation == null) {
            throw new IllegalArgumentException("the transcript holds no judge's settings: record it with a judge");
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            JsonObject settings = new JsonObject();
            settings.addProperty("kind", "settings");
            settings.addProperty("max_new_tokens", generation.maxNewTokens());
            settings.addProperty("eos", generation.eosId());
            settings.addProperty("pad", generation.padId());
            out.write(settings + "\n");
            for (Transcript.Scored s : transcript.scored()) {
                JsonObject o = line("score", s.part(), "prompt", s.prompt());
                o.add("continuation", array(s.continuation()));
                o.addProperty("log_likelihood", s.logLikelihood());
                out.write(o + "\n");
            }
            for (Transcript.Generated g : transcript.generated()) {
                JsonObject o = line("generate", g.part(), "prompt", g.prompt());
                o.add("output", array(g.output()));
                out.write(o + "\n");
            }
            for (Transcript.Text t : transcript.texts()) {
                JsonObject o = line("text", t.part(), "ids", t.ids());
                o.addProperty("nll", t.nll());
                out.write(o + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One question of the transcript; the answer our judge gave goes beside it, for the record (the script ignores it). */
    private static JsonObject line(String kind, String part, String key, long[] ids) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.addProperty("part", part);
        o.add(key, array(ids));
        return o;
    }

    private static JsonArray array(long[] ids) {
        JsonArray a = new JsonArray();
        for (long id : ids) {
            a.add(id);
        }
        return a;
    }

    private static JsonObject read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
