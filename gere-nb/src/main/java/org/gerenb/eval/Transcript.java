package org.gerenb.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * What a judge was asked and what it answered, as token ids, part by part ("ranking", "general", ...):
 * enough to do the same work with another implementation and compare (the bench's Hugging Face run).
 */
public final class Transcript {

    /** log P(continuation | prompt) as the judge computed it; the prompt holds BOS. */
    public record Scored(String part, long[] prompt, long[] continuation, double logLikelihood) {
    }

    /** A greedy completion: the prompt (with BOS) and the new tokens, EOS excluded. */
    public record Generated(String part, long[] prompt, long[] output) {
    }

    /** A held-out text's summed negative log-likelihood over its predicted tokens. */
    public record Text(String part, long[] ids, double nll, long tokens) {
    }

    /** How the judge generated: the budget of new tokens, and the ids that end and pad sequences. */
    public record Generation(int maxNewTokens, long eosId, long padId) {
    }

    private final List<Scored> scored = new ArrayList<>();
    private final List<Generated> generated = new ArrayList<>();
    private final List<Text> texts = new ArrayList<>();
    private String part = "";
    private Generation generation;

    /** Names the part that the following entries belong to. */
    public void part(String name) {
        part = name;
    }

    /** Set by the judge that records here. */
    void generation(Generation settings) {
        generation = settings;
    }

    /** The recording judge's generation settings; null when no judge recorded here. */
    public Generation generation() {
        return generation;
    }

    void scored(long[] prompt, long[] continuation, double logLikelihood) {
        scored.add(new Scored(part, prompt, continuation, logLikelihood));
    }

    void generated(long[] prompt, long[] output) {
        generated.add(new Generated(part, prompt, output));
    }

    public void text(long[] ids, double nll, long tokens) {
        texts.add(new Text(part, ids, nll, tokens));
    }

    public List<Scored> scored() {
        return List.copyOf(scored);
    }

    public List<Generated> generated() {
        return List.copyOf(generated);
    }

    public List<Text> texts() {
        return List.copyOf(texts);
    }
}
