package org.gerenb.model;

import java.util.Locale;

/** The element types a safetensors header may name, with their widths in bytes. */
public enum TensorDType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    public final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    /** Returns null for a name this reader does not know, so the caller can name the file and tensor. */
    static TensorDType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }
}
