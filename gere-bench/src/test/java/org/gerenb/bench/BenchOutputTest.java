package org.gerenb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOutputTest {

    @Test
    void readsTheJsonLinesOfTheHuggingFaceScript() {
        String output = """
                HF LlamaForCausalLM train step, CPU, threads=2, torch 2.13.0+cpu, transformers 5.18.0, batch 8 x seq 128
                config      H  L heads inter     params     tok/s  step ms   fwd ms   bwd ms  opt ms peakRSS MB
                small      64  2     4   172    1123136      8469    120.9     41.5     74.3     5.1        623
                {"config": "small", "params": 1123136, "tokens_per_s": 8469.3, "forward_ms": 41.5, \
                "backward_ms": 74.3, "optimizer_ms": 5.1, "peak_rss_mb": 622.9, "threads": 2, "torch": "2.13.0+cpu", \
                "transformers": "5.18.0"}
                """;
        Map<String, PyTorchReference.Result> results = PyTorchReference.parse(output);
        PyTorchReference.Result small = results.get("small");
        assertEquals(1123136, small.parameters());
        assertEquals(8469.3, small.tokensPerSecond(), 1e-9);
        assertEquals(120.9, small.stepMs(), 1e-9);
        assertEquals("torch 2.13.0+cpu, transformers 5.18.0", small.versions());
        assertThrows(IllegalStateException.class, () -> PyTorchReference.parse("no json here\n"));
    }

    @Test
    void configsMatchTheHuggingFaceScript() {
        List<BenchConfig> configs = BenchConfig.parse("small,medium");
        assertEquals(1123136, configs.get(0).llama().parameterCount());
        assertEquals(7260416, configs.get(1).llama().parameterCount());
        assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("large"));
    }

    @Test
    void evaluationItemsAreCountedPerPart() {
        org.gerenb.eval.Transcript transcript = new org.gerenb.eval.Transcript();
        transcript.part("perplexity");
        transcript.text(new long[] {1, 5, 6}, 4.0, 2);
        transcript.text(new long[] {1, 9}, 2.0, 1);
        transcript.part("heldout");
        transcript.text(new long[] {1, 5, 6}, 4.0, 2);
        assertEquals(Map.of("perplexity", 2, "heldout", 1), EvaluationReference.itemsByPart(transcript));
    }

    @Test
    void tablesAlignColumns() {
        String table = new TextTable("config", "tok/s").row("small", 8469).row("medium", 1559).toString();
        assertEquals(String.join(System.lineSeparator(), "config  tok/s", "small    8469", "medium   1559", ""), table);
    }
}
