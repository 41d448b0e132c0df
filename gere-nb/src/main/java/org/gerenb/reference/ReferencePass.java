package org.gerenb.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Locale;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.Batches;
import org.gerenb.model.LlamaModel;
import org.gerenb.model.TokenBatch;
import org.gerenb.runtime.Progress;

/**
 * One pass of the base model over every replay sample, without gradients, in right-padded batches of
 * similar length. Each batch's final hidden states (the input of lm_head) go to a handler and are freed
 * with the batch's scope, so the handler must copy what it keeps into Java memory or onto disk.
 */
final class ReferencePass {

    /** Padded positions are masked out of attention and of every statistic, so any valid id serves. */
    private static final long PAD_ID = 0;

    /** Receives one batch: row r of {@code hidden} [B, T, D] belongs to replay sample {@code samples[r]}. */
    interface BatchHandler {
        void accept(int[] samples, TokenBatch batch, NDArray hidden);
    }

    private ReferencePass() {
    }

    static void run(String label, LlamaModel base, ReplaySet replay, int batchSize, BatchHandler handler) {
        NDManager manager = base.manager();
        long start = System.nanoTime();
        long tokens = 0;
        try (Progress progress = new Progress(label, replay.size())) {
            for (int[] samples : Batches.byLength(replay.samples(), batchSize)) {
                TokenBatch batch = TokenBatch.languageModeling(Batches.pick(replay.samples(), samples), PAD_ID);
                try (NDScope ignored = new NDScope()) {
                    NDArray hidden = base.forward(batch.idsArray(manager), batch.maskArray(manager), false, false)
                            .lastHidden();
                    handler.accept(samples, batch, hidden);
                }
                tokens += batch.tokenCount();
                progress.step(samples.length, rate(tokens, start));
            }
        }
    }

    private static String rate(long tokens, long startNanos) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%.0f tok/s", tokens / seconds);
    }
}
