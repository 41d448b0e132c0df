package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding (RoPE). Each pair of head dimensions (i, i + d/2) is rotated by the angle
 * position * theta^(-2i/d); Llama 3.1 stretches the long wavelengths by rope_scaling.
 */
final class RotaryEmbedding {

    private final NDArray inverseFrequencies;

    RotaryEmbedding(LlamaConfig config, NDManager manager) {
        inverseFrequencies = manager.create(inverseFrequencies(config));
    }

    /** theta^(-2i/d), computed in float32 as the reference implementation does. */
    static float[] inverseFrequencies(LlamaConfig config) {
        int half = config.headDim() / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / config.headDim();
            inv[i] = (float) (1.0 / Math.pow(config.ropeTheta(), exponent));
        }
        return config.ropeScaling() == null ? inv : llama3Scaled(inv, config.ropeScaling());
    }

    /**
     * Llama 3.1: wavelengths longer than the original context / low_freq_factor are divided by factor,
     * shorter than original / high_freq_factor are kept, and the band between is interpolated smoothly.
     */
    private static float[] llama3Scaled(float[] inv, LlamaConfig.RopeScaling s) {
        double lowFreqWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highFreqWavelength = s.originalMaxPositions() / s.highFreqFactor();
        float[] scaled = new float[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelength = 2 * Math.PI / inv[i];
            if (wavelength > lowFreqWavelength) {
                scaled[i] = (float) (inv[i] / s.factor());
            } else if (wavelength < highFreqWavelength) {
                scaled[i] = inv[i];
            } else {
                double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                scaled[i] = (float) ((1 - smooth) * inv[i] / s.factor() + smooth * inv[i]);
            }
        }
        return scaled;
    }

    /**
     * cos and sin of shape [B, 1, T, d] for integer positions [B, T], the sin with its first half negated:
     * the sign of rotate_half, so that {@link #apply} needs no slicing.
     */
    NDArray[] cosSin(NDArray positions) {
        NDArray angles = positions.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).expandDims(-1)
                .mul(inverseFrequencies);
        NDArray cos = angles.cos();
        NDArray sin = angles.sin();
        return new NDArray[] {NDArrays.concat(new NDList(cos, cos), -1).expandDims(1),
            NDArrays.concat(new NDList(sin.neg(), sin), -1).expandDims(1)};
    }

    /**
     * x * cos + rotate_half(x) * sin, where rotate_half(x1, x2) = (-x2, x1) on the two halves of d: the
     * halves swapped (a flip of x viewed as [..., 2, d/2]) times the signed sin. DJL's index slicing would
     * slice every axis, each slice's backward filling a zero tensor of the full size.
     */
    static NDArray apply(NDArray x, NDArray[] cosSin) {
        Shape s = x.getShape();
        NDArray swapped = x.reshape(s.get(0), s.get(1), s.get(2), 2, s.get(3) / 2).flip(3).reshape(s);
        return x.mul(cosSin[0]).add(swapped.mul(cosSin[1]));
    }
}
