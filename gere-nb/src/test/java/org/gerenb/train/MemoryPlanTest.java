package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gerenb.model.LlamaConfig;
import org.gerenb.train.MemoryPlan.Component;
import org.gerenb.train.MemoryPlan.Precision;
import org.gerenb.train.MemoryPlan.Regime;
import org.junit.jupiter.api.Test;

class MemoryPlanTest {

    /** The public config.json values of Llama-3.1-8B (rope scaling left out: it does not change memory). */
    static LlamaConfig llama31_8b() {
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
        json.addProperty("max_position_embeddings", 131072);
        json.addProperty("tie_word_embeddings", false);
        json.addProperty("hidden_act", "silu");
        return LlamaConfig.fromJson(json, Path.of("Llama-3.1-8B/config.json"));
    }

    private static final long PARAMS_8B = 8_030_261_248L;
    private final MemoryPlan plan = new MemoryPlan(llama31_8b(), 6, 563, LoraConfig.paperDefault());

    private static Map<String, Long> bytes(Regime regime) {
        return regime.components().stream().collect(Collectors.toMap(Component::name, Component::bytes));
    }

    @Test
    void countsLlama31_8bParameters() {
        assertEquals(PARAMS_8B, plan.parameters());
        // r 8 on q (4096 -> 4096) and k (4096 -> 1024) in 32 layers
        assertEquals(32L * 8 * ((4096 + 4096) + (4096 + 1024)), plan.loraParameters());
    }

    @Test
    void fullFineTuningInFp32NeedsSixteenBytesPerParameterBeforeActivations() {
        Map<String, Long> parts = bytes(plan.fullFineTuning(Precision.FP32));
        assertEquals(PARAMS_8B * 4, parts.get("weights"));
        assertEquals(PARAMS_8B * 4, parts.get("gradients"));
        assertEquals(PARAMS_8B * 8, parts.get("optimizer state"));
        assertEquals(119.66, MemoryPlan.gib(PARAMS_8B * 16), 0.01);
        assertTrue(parts.get("activations") > 0);
    }

    @Test
    void bf16AutocastKeepsFp32MasterStateAndAddsBf16Copies() {
        Map<String, Long> parts = bytes(plan.fullFineTuning(Precision.BF16_AUTOCAST));
        assertEquals(PARAMS_8B * 4, parts.get("weights"));
        assertEquals(PARAMS_8B * 2, parts.get("bf16 weight copies"));
        assertEquals(PARAMS_8B * 8, parts.get("optimizer state"));
        long fp32Activations = bytes(plan.fullFineTuning(Precision.FP32)).get("activations");
        assertTrue(parts.get("activations") < fp32Activations, parts.get("activations") + " vs " + fp32Activations);
    }

    @Test
    void activationsFollowTheDocumentedCountForATinyConfig() {
        // h 8, heads 2 x head_dim 4, kv 2 (no GQA), I 16, vocab 10, 1 layer, untied; b 1, s 3
        LlamaConfig tiny = LlamaConfig.llama(10, 8, 16, 1, 2, 2, 64, false);
        MemoryPlan small = new MemoryPlan(tiny, 1, 3, LoraConfig.paperDefault());
        long bsh = 24;
        long bsi = 48;
        long probs = 2 * 3 * 3;
        long layer = 4 * 2 * bsh + 4 * (bsh + bsh + bsh + bsi) + 4 * (bsh + 2 * bsh + 3 * bsi) + 4 * probs;
        long head = 4 * bsh + 4 * bsh + 8 * 30;
        assertEquals(layer + head, small.activations(Precision.FP32, false));
    }

    @Test
    void loraTrainsFewParametersAndKeepsNoFrozenProjectionInputs() {
        Regime full = plan.fullFineTuning(Precision.FP32);
        Regime lora = plan.lora(Precision.FP32);
        assertEquals(plan.loraParameters() * 4, bytes(lora).get("gradients"));
        assertTrue(bytes(lora).get("activations") < bytes(full).get("activations"));
        assertTrue(lora.totalBytes() < full.totalBytes() / 2);
        assertEquals(List.of("weights", "gradients", "optimizer state", "activations"),
                lora.components().stream().map(Component::name).toList());
    }

    @Test
    void anUnknownLoraTargetIsNamed() {
        MemoryPlan wrong = new MemoryPlan(llama31_8b(), 1, 8, LoraConfig.paperDefault().targets("qkv"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, wrong::loraParameters);
        assertTrue(error.getMessage().contains("'qkv'"), error.getMessage());
    }
}
