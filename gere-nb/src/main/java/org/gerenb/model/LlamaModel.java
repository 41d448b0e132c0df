package org.gerenb.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LLaMA-family decoder (Llama 1-3.1, Mistral, Qwen2) written as tensor equations over a map of
 * Hugging Face parameter names, so checkpoints load and save without renaming.
 *
 * <pre>
 *   h_0     = E[x]
 *   a_l     = h_{l-1} + Attn_l(RMSNorm(h_{l-1}))
 *   h_l     = a_l + W_down (SiLU(W_gate RMSNorm(a_l)) * W_up RMSNorm(a_l))
 *   z       = RMSNorm(h_L)                  the final hidden state, what GeRe constrains
 *   logits  = W_head z                      (W_head = E when the embeddings are tied)
 *   RMSNorm(x) = g * x / sqrt(mean(x^2) + eps)
 *   Attn(x) = W_o softmax(RoPE(W_q x) RoPE(W_k x)^T / sqrt(d) + M) W_v x
 * </pre>
 * M masks future keys and padding keys; keys and values are shared by groups of query heads (GQA).
 * Callers wrap forward passes in an {@code NDScope}: intermediate arrays are freed with it.
 */
public final class LlamaModel implements AutoCloseable {

    /** What a forward pass returns; logits and per-layer states only when asked for. */
    public record Output(NDArray lastHidden, NDArray logits, List<NDArray> hiddenStates) {
    }

    /** The additive mask's value for a key a query may not read. */
    public static final float MASKED = -1e30f;

    private final LlamaConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> weights;
    private final Map<String, LinearAdapter> adapters = new LinkedHashMap<>();
    private final RotaryEmbedding rope;

    LlamaModel(LlamaConfig config, NDManager manager, Map<String, NDArray> weights) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.rope = new RotaryEmbedding(config, manager);
    }

    /** A model with small random weights (normal, std 0.02) and unit norms, for pretraining from scratch. */
    public static LlamaModel initialize(LlamaConfig config, Device device, long seed) {
        NDManager manager = NDManager.newBaseManager(device);
        manager.getEngine().setRandomSeed((int) seed);
        Map<String, NDArray> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> entry : ParameterLayout.of(config).entrySet()) {
            String name = entry.getKey();
            boolean norm = name.endsWith("norm.weight");
            boolean bias = name.endsWith(".bias");
            weights.put(name, norm ? manager.ones(entry.getValue())
                    : bias ? manager.zeros(entry.getValue())
                    : manager.randomNormal(0f, 0.02f, entry.getValue(), DataType.FLOAT32));
        }
        return new LlamaModel(config, manager, weights);
    }

    public LlamaConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Parameters by Hugging Face name, in checkpoint order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(weights);
    }

    /** Registers a trainable delta on a projection, e.g. "model.layers.0.self_attn.q_proj". */
    public void attachAdapter(String projection, LinearAdapter adapter) {
        if (!weights.containsKey(projection + ".weight")) {
            throw new IllegalArgumentException("no projection named '" + projection + "'");
        }
        adapters.put(projection, adapter);
    }

    public Map<String, LinearAdapter> adapters() {
        return Collections.unmodifiableMap(adapters);
    }

    public void detachAdapters() {
        adapters.clear();
    }

    /** Replaces a parameter's value (used when merging adapters); the old array is closed. */
    public void replaceParameter(String name, NDArray value) {
        NDArray old = weights.get(name);
        if (old == null || !old.getShape().equals(value.getShape())) {
            throw new IllegalArgumentException("cannot replace " + name + " with shape " + value.getShape());
        }
        value.attach(manager);
        NDScope.unregister(value);
        weights.put(name, value);
        old.close();
    }

    /** Forward pass over right-padded ids [B, T] with attention mask [B, T] (1 = token, 0 = padding). */
    public Output forward(NDArray inputIds, NDArray attentionMask) {
        return forward(inputIds, attentionMask, true, false);
    }

    public Output forward(NDArray inputIds, NDArray attentionMask, boolean withLogits, boolean allHiddenStates) {
        return causal(inputIds, attentionMask, null, withLogits, allHiddenStates);
    }

    /**
     * The pass over right-padded ids [B, T] with its final hidden states at {@code readAt} [B, N] only (row b's
     * positions): lastHidden is [B, N, D], and the last layer's attention and MLP run for those queries alone.
     */
    public Output forwardAt(NDArray inputIds, NDArray attentionMask, NDArray readAt) {
        return causal(inputIds, attentionMask, readAt, false, false);
    }

    /** Positions 0..T-1 and the causal, padding-aware mask of right-padded ids [B, T]. */
    private Output causal(NDArray inputIds, NDArray attentionMask, NDArray readAt, boolean withLogits,
            boolean allHiddenStates) {
        long length = inputIds.getShape().get(1);
        NDArray positions = inputIds.getManager().arange(0L, length).expandDims(0).broadcast(inputIds.getShape());
        return run(inputIds, positions, additiveMask(attentionMask, 0, length), null, readAt, withLogits,
                allHiddenStates);
    }

    /**
     * One decoding step over new ids [B, T] at given positions, reading and extending the cache. Only the
     * last position's state and logits [B, 1, V] are computed (the cache still takes every position's keys):
     * decoding needs no others, and the vocabulary projection of a whole prompt costs as much as the rest of
     * a small model.
     */
    public Output forward(NDArray inputIds, NDArray attentionMask, NDArray positions, KvCache cache) {
        long past = cache.length();
        long batch = inputIds.getShape().get(0);
        long length = inputIds.getShape().get(1);
        NDArray keyMask = cache.extendMask(attentionMask);
        // a decoding step's single position needs no gather: read only a prompt pass's last one
        NDArray last = length == 1 ? null : inputIds.getManager().full(new Shape(batch, 1), (int) length - 1)
                .toType(DataType.INT64, false);
        Output out = run(inputIds, positions, additiveMask(keyMask, past, length), cache, last, false, false);
        return new Output(out.lastHidden(), lmHead(out.lastHidden()), out.hiddenStates());
    }

    /**
     * A pass with explicit positions [B, T] and attention mask [B, 1, T, T] (0 where query t may read key s,
     * -1e30 where not), for rows that pack several continuations behind one shared prompt; no logits (see
     * {@link #lmHead} for the positions that need them).
     */
    public Output forward(NDArray inputIds, NDArray positions, NDArray additiveMask) {
        return run(inputIds, positions, additiveMask, null, null, false, false);
    }

    /**
     * The packed pass above with the final hidden states at {@code readAt} [B, N] only (row b's positions, repeats
     * allowed): lastHidden is [B, N, D]. Every layer's keys and values still cover all T positions, but the last
     * layer's attention and MLP run only for the N read queries, not for the prompt positions nothing reads.
     */
    public Output forward(NDArray inputIds, NDArray positions, NDArray additiveMask, NDArray readAt) {
        return run(inputIds, positions, additiveMask, null, readAt, false, false);
    }

    /**
     * The packed pass read at {@code readAt}, also filling an empty {@code cache}: later decoding steps read only
     * the cached keys marked 1 in {@code keysToKeep} [B, T] (a row's prompt, not the continuations packed behind it).
     */
    public Output forward(NDArray inputIds, NDArray positions, NDArray additiveMask, NDArray readAt, KvCache cache,
            NDArray keysToKeep) {
        if (cache.length() != 0) {
            throw new IllegalArgumentException("a packed pass fills an empty cache; this one holds " + cache.length()
                    + " positions");
        }
        Output out = run(inputIds, positions, additiveMask, cache, readAt, false, false);
        cache.extendMask(keysToKeep);
        return out;
    }

    /** logits = W_head z for final hidden states z [..., D]. */
    public NDArray lmHead(NDArray lastHidden) {
        return Linear.linear(lastHidden, headWeight()).singletonOrThrow();
    }

    private Output run(NDArray ids, NDArray positions, NDArray additiveMask, KvCache cache, NDArray readAt,
            boolean withLogits, boolean allHiddenStates) {
        NDArray[] cosSin = rope.cosSin(positions);
        Context context = new Context(cosSin, cosSin, additiveMask, cache, null);
        List<NDArray> states = new ArrayList<>();
        NDArray h = Embedding.embedding(ids, weight("model.embed_tokens.weight"), SparseFormat.DENSE).singletonOrThrow();
        for (int layer = 0; layer < config.layers(); layer++) {
            if (allHiddenStates) {
                states.add(h);
            }
            boolean last = layer == config.layers() - 1;
            h = decoderLayer(layer, h, last && readAt != null ? context.readingAt(readAt) : context);
        }
        NDArray last = rmsNorm(h, weight("model.norm.weight"));
        if (allHiddenStates) {
            states.add(last);
        }
        NDArray logits = withLogits ? lmHead(last) : null;
        return new Output(last, logits, states);
    }

    /**
     * What a layer's queries see: RoPE of the queries [B, 1, T_q, d] and of the keys [B, 1, T, d], the mask
     * [B, 1, T_q, S], the cache; {@code read} (the positions read, N per row) when the layer's queries are only
     * those, T_q = N, else null and T_q = T.
     */
    private record Context(NDArray[] queryCosSin, NDArray[] keyCosSin, NDArray mask, KvCache cache, Read read) {

        Context readingAt(NDArray readAt) {
            Read read = Read.of(readAt, mask.getShape().get(2));
            return new Context(new NDArray[] {read.rows(queryCosSin[0]), read.rows(queryCosSin[1])}, keyCosSin,
                    read.rows(mask), cache, read);
        }

        /** x [B, T, F] at the queries' positions. */
        NDArray queries(NDArray x) {
            return read == null ? x : read.rows(x.expandDims(1)).squeeze(1);
        }
    }

    /** Positions readAt [B, N] of sequences of length T, as flat indices b * T + t. */
    private record Read(NDArray flat, long perRow) {
        static Read of(NDArray readAt, long length) {
            NDArray rowStarts = readAt.getManager().arange(0L, readAt.getShape().get(0)).mul(length).expandDims(1);
            return new Read(readAt.add(rowStarts).flatten(), readAt.getShape().get(1));
        }

        /** x [B, 1, T, F] at the read positions: [B, 1, N, F]. */
        NDArray rows(NDArray x) {
            Shape s = x.getShape();
            return x.reshape(s.get(0) * s.get(2), s.get(3)).get(new NDIndex("{}", flat))
                    .reshape(s.get(0), 1, perRow, s.get(3));
        }
    }

    private NDArray decoderLayer(int layer, NDArray x, Context context) {
        String prefix = "model.layers." + layer + ".";
        NDArray normed = rmsNorm(x, weight(prefix + "input_layernorm.weight"));
        NDArray a = context.queries(x).add(attention(layer, context.queries(normed), normed, context));
        return a.add(mlp(prefix + "mlp.", rmsNorm(a, weight(prefix + "post_attention_layernorm.weight"))));
    }

    /** Attention of queries from xq [B, T_q, D] over keys and values from x [B, T, D] (the same array unless read). */
    private NDArray attention(int layer, NDArray xq, NDArray x, Context context) {
        String prefix = "model.layers." + layer + ".self_attn.";
        long batch = xq.getShape().get(0);
        long length = xq.getShape().get(1);
        NDArray q = RotaryEmbedding.apply(splitHeads(project(xq, prefix + "q_proj"), config.heads()),
                context.queryCosSin);
        NDArray k = RotaryEmbedding.apply(splitHeads(project(x, prefix + "k_proj"), config.kvHeads()),
                context.keyCosSin);
        NDArray v = splitHeads(project(x, prefix + "v_proj"), config.kvHeads());
        if (context.cache != null) {
            NDArray[] kv = context.cache.append(layer, k, v);
            k = kv[0];
            v = kv[1];
        }
        long keys = k.getShape().get(2);
        // each key/value head with the kvGroups query heads it serves as one [kvGroups * T, d] block: K and V are
        // read as they are, not copied kvGroups times
        NDArray scores = Scalars.times(byKeyValueHead(q).matMul(k.transpose(0, 1, 3, 2)),
                (float) (1 / Math.sqrt(config.headDim()))).reshape(batch, config.heads(), length, keys).add(context.mask);
        NDArray heads = byKeyValueHead(scores.softmax(-1)).matMul(v)
                .reshape(batch, config.heads(), length, config.headDim());
        NDArray merged = heads.transpose(0, 2, 1, 3).reshape(batch, length, (long) config.heads() * config.headDim());
        return project(merged, prefix + "o_proj");
    }

    private NDArray mlp(String prefix, NDArray x) {
        NDArray gate = project(x, prefix + "gate_proj");
        NDArray silu = gate.mul(Activation.sigmoid(gate));
        return project(silu.mul(project(x, prefix + "up_proj")), prefix + "down_proj");
    }

    /** x times 1 / rms: dividing the [B, T, D] states would cost more, forward and backward, than this [B, T, 1]. */
    private NDArray rmsNorm(NDArray x, NDArray gain) {
        NDArray rms = x.square().mean(new int[] {-1}, true).add((float) config.rmsNormEps()).sqrt();
        return x.mul(x.getManager().full(new Shape(), 1f).div(rms)).mul(gain);
    }

    /** W x + b, plus the adapter's delta when one is attached to this projection. */
    private NDArray project(NDArray x, String projection) {
        NDArray bias = weights.get(projection + ".bias");
        NDArray weight = weight(projection + ".weight");
        NDArray y = (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
        LinearAdapter adapter = adapters.get(projection);
        return adapter == null ? y : y.add(adapter.delta(x));
    }

    /** [B, T, heads * d] -> [B, heads, T, d] */
    private NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, config.headDim()).transpose(0, 2, 1, 3);
    }

    /** [B, heads, T, n] -> [B, kvHeads, kvGroups * T, n]: query head h is served by key/value head h / kvGroups. */
    private NDArray byKeyValueHead(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), config.kvHeads(), config.kvGroups() * s.get(2), s.get(3));
    }

    /** 0 where query t may attend key s (s <= t, s not padding, within the sliding window), else -1e30. */
    private NDArray additiveMask(NDArray keyMask, long past, long length) {
        NDManager m = keyMask.getManager();
        long keys = keyMask.getShape().get(1);
        NDArray query = m.arange(past, past + length).reshape(length, 1);
        NDArray key = m.arange(0L, keys).reshape(1, keys);
        NDArray allowed = key.lte(query);
        if (config.slidingWindow() != null) {
            allowed = allowed.logicalAnd(query.sub(key).lt(config.slidingWindow()));
        }
        NDArray notPadding = keyMask.toType(DataType.BOOLEAN, false).expandDims(1).expandDims(1);
        return allowed.expandDims(0).expandDims(0).logicalAnd(notPadding)
                .toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED);
    }

    private NDArray headWeight() {
        return config.tieWordEmbeddings() ? weight("model.embed_tokens.weight") : weight("lm_head.weight");
    }

    private NDArray weight(String name) {
        return weights.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
