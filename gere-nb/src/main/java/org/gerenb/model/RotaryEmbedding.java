package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;

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

    /** cos and sin of shape [B, 1, T, d] for integer positions [B, T]. */
    NDArray[] cosSin(NDArray positions) {
        NDArray angles = positions.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).expandDims(-1)
                .mul(inverseFrequencies);
        NDArray both = NDArrays.concat(new ai.djl.ndarray.NDList(angles, angles), -1).expandDims(1);
        return new NDArray[] {both.cos(), both.sin()};
    }

    /** x * cos + rotate_half(x) * sin, where rotate_half(x1, x2) = (-x2, x1) on the two halves of d. */
    static NDArray apply(NDArray x, NDArray[] cosSin) {
        long half = x.getShape().get(3) / 2;
        NDArray first = x.get(":, :, :, :{}", half);
        NDArray second = x.get(":, :, :, {}:", half);
        NDArray rotated = NDArrays.concat(new ai.djl.ndarray.NDList(second.neg(), first), -1);
        return x.mul(cosSin[0]).add(rotated.mul(cosSin[1]));
    }
}
