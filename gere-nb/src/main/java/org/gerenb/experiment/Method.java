package org.gerenb.experiment;

import java.util.Locale;
import org.gerenb.loss.ConstraintWeight;
import org.gerenb.train.ReplayConstraint;
import org.gerenb.train.ReplayStrategy;

/**
 * A method as written in experiment files: "baseline" (no replay), "replay" (label fitting), or a
 * constraint with its weight, "tm:100", "tm:dy", "kl:1", "l1:1", "l2:1", optionally followed by
 * "+bi=K" (batch interpolation) and "+lora" (LoRA instead of full fine-tuning).
 */
public record Method(String text, ReplayStrategy strategy, boolean lora) {

    public static Method parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("\\+");
        ReplayStrategy strategy = base(parts[0], text);
        boolean lora = false;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("lora")) {
                lora = true;
            } else if (parts[i].startsWith("bi=")) {
                strategy = strategy.withReplayPerBatch(integer(parts[i].substring(3), text));
            } else {
                throw unknown(text);
            }
        }
        if (strategy.replayPerBatch() > 0 && !strategy.replay()) {
            throw new IllegalArgumentException("method '" + text + "': batch interpolation needs replay");
        }
        return new Method(text.trim(), strategy, lora);
    }

    /** The paper's name, with " (LoRA)" for adapter runs. */
    public String name() {
        return strategy.name() + (lora ? " (LoRA)" : "");
    }

    private static ReplayStrategy base(String part, String text) {
        String[] nameAndWeight = part.split(":", 2);
        String name = nameAndWeight[0];
        if (name.equals("baseline") || name.equals("replay")) {
            if (nameAndWeight.length > 1) {
                throw unknown(text);
            }
            return name.equals("baseline") ? ReplayStrategy.noReplay() : ReplayStrategy.labelFitting();
        }
        ReplayConstraint constraint = ReplayConstraint.named(name);
        if (constraint == null) {
            throw unknown(text);
        }
        String weight = nameAndWeight.length > 1 ? nameAndWeight[1] : "100";
        return ReplayStrategy.constrained(constraint, weight.equals("dy") ? ConstraintWeight.dy()
                : ConstraintWeight.of(number(weight, text)));
    }

    private static int integer(String value, String text) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw unknown(text);
        }
    }

    private static double number(String value, String text) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw unknown(text);
        }
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown method '" + text + "': expected baseline, replay, or "
                + "tm|kl|l1|l2[:WEIGHT|:dy], optionally +bi=K and +lora (e.g. tm:dy+bi=4+lora)");
    }
}
