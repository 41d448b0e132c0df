package org.gerenb.model;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Hugging Face parameter names and shapes a configuration implies; checkpoints are checked against it. */
final class ParameterLayout {

    private ParameterLayout() {
    }

    static Map<String, Shape> of(LlamaConfig c) {
        Map<String, Shape> layout = new LinkedHashMap<>();
        long hidden = c.hiddenSize();
        long qWidth = (long) c.heads() * c.headDim();
        long kvWidth = (long) c.kvHeads() * c.headDim();
        layout.put("model.embed_tokens.weight", new Shape(c.vocabSize(), hidden));
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            layout.put(p + "input_layernorm.weight", new Shape(hidden));
            projection(layout, p + "self_attn.q_proj", qWidth, hidden, c.qkvBias());
            projection(layout, p + "self_attn.k_proj", kvWidth, hidden, c.qkvBias());
            projection(layout, p + "self_attn.v_proj", kvWidth, hidden, c.qkvBias());
            projection(layout, p + "self_attn.o_proj", hidden, qWidth, c.outputBias());
            layout.put(p + "post_attention_layernorm.weight", new Shape(hidden));
            projection(layout, p + "mlp.gate_proj", c.intermediateSize(), hidden, false);
            projection(layout, p + "mlp.up_proj", c.intermediateSize(), hidden, false);
            projection(layout, p + "mlp.down_proj", hidden, c.intermediateSize(), false);
        }
        layout.put("model.norm.weight", new Shape(hidden));
        if (!c.tieWordEmbeddings()) {
            layout.put("lm_head.weight", new Shape(c.vocabSize(), hidden));
        }
        return layout;
    }

    private static void projection(Map<String, Shape> layout, String name, long out, long in, boolean bias) {
        layout.put(name + ".weight", new Shape(out, in));
        if (bias) {
            layout.put(name + ".bias", new Shape(out));
        }
    }
}
