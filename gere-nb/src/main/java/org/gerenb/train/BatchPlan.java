package org.gerenb.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** How one epoch's items are grouped into global batches. */
public final class BatchPlan {

    private BatchPlan() {
    }

    /**
     * The reference code's default: replay samples appended to the task data and shuffled together, so
     * each epoch replays every sample once and the replay share follows the task's size.
     */
    public static List<List<TrainingItem>> mixed(List<TrainingItem> task, List<TrainingItem> replay, int globalBatch,
            Random random) {
        List<TrainingItem> all = new ArrayList<>(task);
        all.addAll(replay);
        Collections.shuffle(all, random);
        return chunk(all, globalBatch);
    }

    /**
     * Batch interpolation (BI): every global batch holds exactly k = replayPerBatch replay samples and up to B - k task
     * examples. Replay samples are drawn from reshuffled passes over the replay set. The epoch has exactly
     * ceil(tasks / (B - k)) batches, the last one possibly smaller, never empty of task data.
     */
    public static List<List<TrainingItem>> interpolated(List<TrainingItem> task, List<TrainingItem> replay,
            int globalBatch, int replayPerBatch, Random random) {
        if (replayPerBatch <= 0 || replayPerBatch >= globalBatch) {
            throw new IllegalArgumentException("batch interpolation needs 0 < k < global batch, got k=" + replayPerBatch
                    + " with global batch " + globalBatch);
        }
        if (replay.isEmpty()) {
            throw new IllegalArgumentException("batch interpolation needs a replay set");
        }
        List<TrainingItem> shuffledTask = new ArrayList<>(task);
        Collections.shuffle(shuffledTask, random);
        ReplayCycle cycle = new ReplayCycle(replay, random);
        List<List<TrainingItem>> batches = new ArrayList<>();
        for (List<TrainingItem> taskPart : chunk(shuffledTask, globalBatch - replayPerBatch)) {
            List<TrainingItem> batch = new ArrayList<>(taskPart);
            for (int i = 0; i < replayPerBatch; i++) {
                batch.add(cycle.next());
            }
            Collections.shuffle(batch, random);
            batches.add(batch);
        }
        return batches;
    }

    public static int batchesPerEpoch(int taskItems, int replayItems, int globalBatch, int replayPerBatch) {
        return replayPerBatch > 0 ? ceilDiv(taskItems, globalBatch - replayPerBatch)
                : ceilDiv(taskItems + replayItems, globalBatch);
    }

    static <T> List<List<T>> chunk(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            chunks.add(new ArrayList<>(items.subList(start, Math.min(items.size(), start + size))));
        }
        return chunks;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Endless reshuffled passes over the replay set. */
    private static final class ReplayCycle {
        private final List<TrainingItem> items;
        private final Random random;
        private List<TrainingItem> pass = List.of();
        private int position;

        ReplayCycle(List<TrainingItem> items, Random random) {
            this.items = items;
            this.random = random;
        }

        TrainingItem next() {
            if (position == pass.size()) {
                pass = new ArrayList<>(items);
                Collections.shuffle(pass, random);
                position = 0;
            }
            return pass.get(position++);
        }
    }
}
