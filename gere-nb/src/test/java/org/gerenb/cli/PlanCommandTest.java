package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.gerenb.experiment.ExperimentSpec;
import org.gerenb.experiment.RunSpec;
import org.gerenb.model.LlamaConfig;
import org.junit.jupiter.api.Test;

class PlanCommandTest {

    private static LlamaConfig llama31_8b() {
        JsonObject json = new JsonObject();
        com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
        architectures.add("LlamaForCausalLM");
        json.add("architectures", architectures);
        json.addProperty("hidden_size", 4096);
        json.addProperty("intermediate_size", 14336);
        json.addProperty("num_hidden_layers", 32);
        json.addProperty("num_attention_heads", 32);
        json.addProperty("num_key_value_heads", 8);
        json.addProperty("vocab_size", 128256);
        json.addProperty("tie_word_embeddings", false);
        return LlamaConfig.fromJson(json, Path.of("config.json"));
    }

    @Test
    void printsFourRegimesEachEndingInItsTotalAndWhetherItFits() {
        RunSpec run = ExperimentSpec.builtIn("table2").atScale("paper").runs().get(0);
        assertEquals(563, PlanCommand.sequenceLength(run));
        String report = PlanCommand.report(llama31_8b(), run, Path.of("Llama-3.1-8B"), "paper", 80);
        System.out.print(report);
        List<String> totals = report.lines().filter(line -> line.startsWith("total GiB: ")).toList();
        assertEquals(4, totals.size(), report);
        assertTrue(report.contains("full fine-tuning, fp32:"), report);
        assertTrue(report.contains("LoRA r 8 on q_proj,k_proj, bf16 autocast:"), report);
        assertTrue(report.contains("8.03e+09 parameters"), report);
        assertTrue(totals.get(0).endsWith("(does not fit in 80.0 GiB)"), totals.get(0));
        assertTrue(report.contains("micro-batch " + run.training().microBatch() + " x 563 tokens"), report);
    }
}
