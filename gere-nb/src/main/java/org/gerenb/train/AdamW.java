package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with torch.optim.AdamW's semantics (decoupled decay applied before the moment update, eps added
 * to the bias-corrected sqrt(v)):
 *
 * <pre>
 *   p <- p (1 - lr wd)
 *   m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
 *   p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Moments live in the optimizer's own manager, outside any step scope.
 */
public final class AdamW implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final Map<String, NDArray> parameters;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager state;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private int step;

    public AdamW(Map<String, NDArray> parameters, double weightDecay) {
        this(parameters, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(Map<String, NDArray> parameters, double beta1, double beta2, double eps, double weightDecay) {
        this.parameters = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        NDArray first = parameters.values().iterator().next();
        this.state = first.getManager().newSubManager();
        parameters.forEach((name, p) -> moments.put(name, new NDArray[] {state.zeros(p.getShape()),
                state.zeros(p.getShape())}));
    }

    /** Drops the accumulated gradients without an update (a step whose gradient is not finite). */
    public void discardGradients() {
        for (NDArray p : parameters.values()) {
            try (NDScope ignored = new NDScope()) {
                zero(p.getGradient());
            }
        }
    }

    /** Applies one update with learning rate lr to every parameter, then zeroes the gradients. */
    public void step(double lr) {
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, step));
        try (NDScope constants = new NDScope()) { // made once per step: a Java number costs a buffer per use
            NDArray b1 = scalar(beta1);
            NDArray oneMinusB1 = scalar(1 - beta1);
            NDArray b2 = scalar(beta2);
            NDArray oneMinusB2 = scalar(1 - beta2);
            NDArray decay = scalar(1 - lr * weightDecay);
            NDArray sqrtCorrection2 = scalar(correction2);
            NDArray epsilon = scalar(eps);
            NDArray stepSize = scalar(lr / correction1);
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray p = entry.getValue();
                NDArray[] mv = moments.get(entry.getKey());
                try (NDScope temporaries = new NDScope()) { // each updated in place: one allocation apiece
                    NDArray g = p.getGradient();
                    mv[0].muli(b1).addi(g.mul(oneMinusB1));
                    mv[1].muli(b2).addi(g.muli(g).muli(oneMinusB2)); // g is spent: g^2 takes its buffer
                    if (weightDecay != 0) {
                        p.muli(decay);
                    }
                    NDArray denominator = mv[1].sqrt().divi(sqrtCorrection2).addi(epsilon);
                    p.subi(mv[0].div(denominator).muli(stepSize));
                    zero(g);
                }
            }
        }
    }

    private static void zero(NDArray gradient) {
        gradient.set(ALL, 0f); // a fill writes once; g - g would read it twice, and NaN * 0 stays NaN
    }

    private NDArray scalar(double value) {
        return state.full(new Shape(), (float) value);
    }

    /** Moments as named tensors ("m.NAME", "v.NAME"), to checkpoint a run. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> named = new LinkedHashMap<>();
        moments.forEach((name, mv) -> {
            named.put("m." + name, mv[0]);
            named.put("v." + name, mv[1]);
        });
        return named;
    }

    /** Restores moments and the step count written by {@link #state()}. */
    public void restore(Map<String, NDArray> named, int stepCount) {
        moments.forEach((name, mv) -> {
            for (int i = 0; i < 2; i++) {
                NDArray saved = named.get((i == 0 ? "m." : "v.") + name);
                if (saved == null || !saved.getShape().equals(mv[i].getShape())) {
                    throw new IllegalStateException("optimizer state for " + name + " missing or of another shape");
                }
                mv[i].set(saved.toFloatArray());
            }
        });
        step = stepCount;
    }

    @Override
    public void close() {
        state.close();
    }
}
