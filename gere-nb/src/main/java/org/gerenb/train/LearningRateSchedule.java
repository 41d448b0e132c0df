package org.gerenb.train;

/**
 * The learning rate at optimizer step s (from 0), as Hugging Face's schedulers with warm-up compute it:
 * linear warm-up over w steps, then cosine (0.5 (1 + cos(pi p))), linear (1 - p) decay or constant,
 * where p = (s - w) / (total - w).
 */
public record LearningRateSchedule(Shape shape, double peak, int warmupSteps, int totalSteps) {

    public enum Shape { COSINE, LINEAR, CONSTANT }

    public double at(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return switch (shape) {
            case COSINE -> peak * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
            case LINEAR -> peak * Math.max(0, 1 - progress);
            case CONSTANT -> peak;
        };
    }
}
