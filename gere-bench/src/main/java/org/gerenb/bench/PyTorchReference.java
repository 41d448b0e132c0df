package org.gerenb.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The same training step in PyTorch eager with Hugging Face's LlamaForCausalLM: runs
 * tools/bench/hf_train_step.py --json in a Python that has torch and transformers (a developer machine's
 * reference stack; users need none of it) and reads its one-JSON-object-per-configuration lines.
 */
public final class PyTorchReference {

    static final String SCRIPT = "tools/bench/hf_train_step.py";

    /** One configuration as the script measured it. */
    public record Result(String config, long parameters, double tokensPerSecond, double forwardMs, double backwardMs,
            double optimizerMs, double peakRssMb, int threads, String versions) {

        public double stepMs() {
            return forwardMs + backwardMs + optimizerMs;
        }
    }

    private PyTorchReference() {
    }

    /** This reference's script in the checkout; null when absent. */
    public static Path locateScript() {
        return ReferenceScript.locate(SCRIPT);
    }

    /** Runs the script with the same steps, threads, clipping and configurations; results by configuration name. */
    public static Map<String, Result> run(Path python, Path script, List<BenchConfig> configs, int warmup, int steps,
            int threads, double maxGradNorm) {
        List<String> command = List.of(python.toString(), script.toString(), "--json", "--steps",
                Integer.toString(steps), "--warmup", Integer.toString(warmup), "--threads", Integer.toString(threads),
                "--max-grad-norm", Double.toString(maxGradNorm),
                "--configs", configs.stream().map(BenchConfig::name).collect(Collectors.joining(",")));
        return parse(ReferenceScript.run(command));
    }

    /** The JSON lines of the script's output (its table lines are skipped). */
    static Map<String, Result> parse(String output) {
        Map<String, Result> results = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String name = o.get("config").getAsString();
            results.put(name, new Result(name, o.get("params").getAsLong(), o.get("tokens_per_s").getAsDouble(),
                    o.get("forward_ms").getAsDouble(), o.get("backward_ms").getAsDouble(),
                    o.get("optimizer_ms").getAsDouble(), o.get("peak_rss_mb").getAsDouble(),
                    o.get("threads").getAsInt(), "torch " + o.get("torch").getAsString() + ", transformers "
                            + o.get("transformers").getAsString()));
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("no JSON result lines in the PyTorch benchmark's output:\n" + output);
        }
        return results;
    }
}
