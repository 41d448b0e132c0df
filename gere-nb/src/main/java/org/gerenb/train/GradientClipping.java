package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.Collection;

/** Global-norm clipping as torch.nn.utils.clip_grad_norm_: g <- g * min(1, max / (||g||_2 + 1e-6)). */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** Returns the norm before clipping; a non-positive maxNorm only measures it. */
    public static double clipGlobalNorm(Collection<NDArray> parameters, double maxNorm) {
        double norm;
        try (NDScope ignored = new NDScope()) { // one norm per tensor, one read-back in all, as torch does
            NDList norms = new NDList(parameters.size());
            parameters.forEach(p -> norms.add(p.getGradient().norm()));
            norm = NDArrays.stack(norms).norm().getFloat();
        }
        double coefficient = maxNorm / (norm + 1e-6);
        if (maxNorm > 0 && coefficient < 1) {
            for (NDArray p : parameters) {
                try (NDScope ignored = new NDScope()) {
                    p.getGradient().muli((float) coefficient);
                }
            }
        }
        return norm;
    }
}
