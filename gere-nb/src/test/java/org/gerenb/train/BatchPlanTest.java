package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch grouping: batch interpolation (exactly k replay samples per batch) and the reference code's mixing. */
class BatchPlanTest {

    private static List<TrainingItem> task(int n) {
        List<TrainingItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(TrainingItem.task(new long[] {i}, new long[] {1}));
        }
        return items;
    }

    private static List<TrainingItem> replay(int n) {
        List<TrainingItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(TrainingItem.replay(new long[] {i, 1}, i));
        }
        return items;
    }

    /** Every B in 1..9, k in 1..B-1, task count 1..3B, and replay sets smaller, equal and larger than k. */
    @Test
    void interpolatedBatchesHoldExactlyKReplaySamplesAndEveryTaskItemOnce() {
        int plans = 0;
        for (int globalBatch = 2; globalBatch <= 9; globalBatch++) {
            for (int k = 1; k < globalBatch; k++) {
                for (int tasks = 1; tasks <= 3 * globalBatch; tasks++) {
                    for (int replayCount : new int[] {1, k, 2 * globalBatch + 1}) {
                        checkInterpolated(tasks, replayCount, globalBatch, k);
                        plans++;
                    }
                }
            }
        }
        assertTrue(plans > 1000, "checked " + plans + " plans");
    }

    private static void checkInterpolated(int tasks, int replayCount, int globalBatch, int k) {
        String what = "tasks=" + tasks + " replay=" + replayCount + " B=" + globalBatch + " k=" + k;
        List<TrainingItem> taskItems = task(tasks);
        List<TrainingItem> replayItems = replay(replayCount);
        List<List<TrainingItem>> batches = BatchPlan.interpolated(taskItems, replayItems, globalBatch, k,
                new Random(tasks * 31L + k));
        int expected = (tasks + (globalBatch - k) - 1) / (globalBatch - k);
        assertEquals(expected, batches.size(), what);
        assertEquals(expected, BatchPlan.batchesPerEpoch(tasks, replayCount, globalBatch, k),
                "scheduled length must equal the real one: " + what);
        Map<TrainingItem, Integer> taskSeen = new IdentityHashMap<>();
        int[] replaySeen = new int[replayCount];
        for (List<TrainingItem> batch : batches) {
            long replayInBatch = batch.stream().filter(TrainingItem::isReplay).count();
            assertEquals(k, replayInBatch, "replay samples in a batch: " + what);
            assertTrue(batch.size() <= globalBatch, "batch larger than B: " + what);
            assertTrue(batch.size() > k, "a batch without task data: " + what);
            for (TrainingItem item : batch) {
                if (item.isReplay()) {
                    assertTrue(replayItems.get(item.replayIndex()) == item, "a replay item not from the set: " + what);
                    replaySeen[item.replayIndex()]++;
                } else {
                    taskSeen.merge(item, 1, Integer::sum);
                }
            }
        }
        assertEquals(tasks, taskSeen.size(), "every task item appears: " + what);
        taskSeen.forEach((item, count) -> assertEquals(1, count, "a task item twice: " + what));
        assertTrue(taskItems.stream().allMatch(taskSeen::containsKey), what);
        // draws cycle through whole permutations, so counts differ by at most one
        int draws = k * batches.size();
        for (int count : replaySeen) {
            assertTrue(count == draws / replayCount || count == draws / replayCount + 1,
                    "replay sample drawn " + count + " times of " + draws + " draws: " + what);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 4, 5, 100})
    void interpolationOutsideOneToBMinusOneIsRejected(int k) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchPlan.interpolated(task(5), replay(3), 4, k, new Random(1)));
        assertTrue(e.getMessage().contains("0 < k < global batch") && e.getMessage().contains("k=" + k)
                && e.getMessage().contains("global batch 4"), e.getMessage());
    }

    @Test
    void interpolationWithoutReplaySamplesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchPlan.interpolated(task(5), List.of(), 4, 1, new Random(1)));
        assertTrue(e.getMessage().contains("needs a replay set"), e.getMessage());
    }

    @Test
    void negativeInterpolationIsRejectedByTheStrategy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplayStrategy.labelFitting().withReplayPerBatch(-2));
        assertTrue(e.getMessage().contains("k must be >= 0, got -2"), e.getMessage());
    }

    @Test
    void mixedPlanCoversEveryTaskAndReplayItemOnce() {
        for (int globalBatch = 1; globalBatch <= 7; globalBatch++) {
            for (int tasks = 1; tasks <= 12; tasks++) {
                for (int replayCount = 0; replayCount <= 9; replayCount += 3) {
                    String what = "tasks=" + tasks + " replay=" + replayCount + " B=" + globalBatch;
                    List<TrainingItem> all = new ArrayList<>(task(tasks));
                    all.addAll(replay(replayCount));
                    List<List<TrainingItem>> batches = BatchPlan.mixed(all.subList(0, tasks),
                            all.subList(tasks, all.size()), globalBatch, new Random(tasks));
                    assertEquals(BatchPlan.batchesPerEpoch(tasks, replayCount, globalBatch, 0), batches.size(), what);
                    Map<TrainingItem, Integer> seen = new IdentityHashMap<>();
                    for (int b = 0; b < batches.size(); b++) {
                        int size = batches.get(b).size();
                        assertTrue(b < batches.size() - 1 ? size == globalBatch : size >= 1 && size <= globalBatch,
                                "batch " + b + " of size " + size + ": " + what);
                        batches.get(b).forEach(item -> seen.merge(item, 1, Integer::sum));
                    }
                    assertEquals(all.size(), seen.size(), what);
                    assertTrue(all.stream().allMatch(item -> seen.get(item) == 1), what);
                }
            }
        }
    }

    @Test
    void theSeedAloneDecidesTheBatches() {
        List<TrainingItem> tasks = task(20);
        List<TrainingItem> replayItems = replay(6);
        assertEquals(BatchPlan.mixed(tasks, replayItems, 4, new Random(7)),
                BatchPlan.mixed(tasks, replayItems, 4, new Random(7)));
        assertEquals(BatchPlan.interpolated(tasks, replayItems, 4, 1, new Random(7)),
                BatchPlan.interpolated(tasks, replayItems, 4, 1, new Random(7)));
        assertNotEquals(BatchPlan.mixed(tasks, replayItems, 4, new Random(7)),
                BatchPlan.mixed(tasks, replayItems, 4, new Random(8)));
        assertNotEquals(BatchPlan.interpolated(tasks, replayItems, 4, 1, new Random(7)),
                BatchPlan.interpolated(tasks, replayItems, 4, 1, new Random(8)));
    }

    @Test
    void chunkKeepsOrderAndLeavesTheRemainderLast() {
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7)),
                BatchPlan.chunk(List.of(1, 2, 3, 4, 5, 6, 7), 3));
        assertEquals(List.of(), BatchPlan.chunk(List.of(), 3));
    }
}
