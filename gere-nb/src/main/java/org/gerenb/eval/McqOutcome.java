package org.gerenb.eval;

/** How the model answered one question. */
public record McqOutcome(String subject, String category, String predicted, String answer) {
    public boolean correct() {
        return predicted.equals(answer);
    }
}
