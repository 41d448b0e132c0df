package org.gerenb.model;

/** How weights are written when a model is saved. */
public enum WeightPrecision {
    F32(TensorDType.F32), BF16(TensorDType.BF16);

    final TensorDType dtype;

    WeightPrecision(TensorDType dtype) {
        this.dtype = dtype;
    }
}
