package org.gerenb.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** This reference's script; null when absent. */
    public static Path locateScript() {
        return locateScript(SCRIPT);
    }

    /** A script of the checkout in the working directory or above it, else beside the jar's; null when absent. */
    public static Path locateScript(String relative) {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(PyTorchReference.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory has to do
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve(relative);
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
        }
        return null;
    }

    /** Runs the script with the same steps, threads and configurations; results by configuration name. */
    public static Map<String, Result> run(Path python, Path script, List<BenchConfig> configs, int warmup, int steps,
            int threads) {
        List<String> command = List.of(python.toString(), script.toString(), "--json", "--steps",
                Integer.toString(steps), "--warmup", Integer.toString(warmup), "--threads", Integer.toString(threads),
                "--configs", configs.stream().map(BenchConfig::name).collect(Collectors.joining(",")));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with status " + exit);
            }
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + python, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
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
