package org.gerenb.eval;

import java.util.List;
import java.util.stream.IntStream;

/** A model's prediction for each test example next to the gold label. */
public record ClassificationResult(List<String> labels, List<String> predictions) {
    public ClassificationResult {
        labels = List.copyOf(labels);
        predictions = List.copyOf(predictions);
        if (labels.size() != predictions.size()) {
            throw new IllegalArgumentException(labels.size() + " labels but " + predictions.size() + " predictions");
        }
    }

    /** Predictions that match their label under {@link AnswerMatching}. */
    public int correct() {
        return (int) IntStream.range(0, labels.size())
                .filter(i -> AnswerMatching.matches(predictions.get(i), labels.get(i)))
                .count();
    }

    /** Accuracy in percent; NaN for an empty test set. */
    public double accuracy() {
        return McqResult.percent(correct(), labels.size());
    }
}
