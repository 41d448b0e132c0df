package org.gerenb.train;

/**
 * One training sequence: a task example (prompt + answer, loss from targetStart on) or a replay sample
 * (every token after the first is a target; replayIndex says which sample, for its reference states).
 */
public record TrainingItem(long[] ids, int targetStart, int replayIndex) {

    public static TrainingItem task(long[] prompt, long[] answer) {
        long[] ids = new long[prompt.length + answer.length];
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(answer, 0, ids, prompt.length, answer.length);
        return new TrainingItem(ids, prompt.length, -1);
    }

    public static TrainingItem replay(long[] ids, int index) {
        return new TrainingItem(ids, 0, index);
    }

    public boolean isReplay() {
        return replayIndex >= 0;
    }
}
