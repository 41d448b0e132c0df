package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scaling by a Java number on a gradient path. DJL's mul(Number) and div(Number) wrap the number in a
 * tensor over a Java direct buffer and close it at once; autograd keeps that tensor for the backward pass,
 * so a garbage collection between forward and backward frees its memory and the gradients become garbage.
 * A scalar made by full() lives in native memory that autograd keeps alive.
 */
public final class Scalars {

    private Scalars() {
    }

    /** x * value, safe to differentiate. */
    public static NDArray times(NDArray x, float value) {
        return x.mul(x.getManager().full(new Shape(), value));
    }

    /** x / value, safe to differentiate. */
    public static NDArray over(NDArray x, float value) {
        return x.div(x.getManager().full(new Shape(), value));
    }
}
