package org.gerenb.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * BF16 conversion done in Java because the engine aborts the JVM on a BF16 array. BF16 is the upper half
 * of an IEEE float32, so widening is a 16-bit shift and narrowing rounds to nearest, ties to even.
 */
final class Bf16 {

    private Bf16() {
    }

    static ByteBuffer widen(ByteBuffer bf16) {
        ByteBuffer out = ByteBuffer.allocateDirect(bf16.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer in = bf16.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 2) {
            out.putInt((in.getShort() & 0xFFFF) << 16);
        }
        return out.flip();
    }

    static ByteBuffer narrow(ByteBuffer f32) {
        ByteBuffer in = f32.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(in.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 4) {
            out.putShort(round(in.getInt()));
        }
        return out.flip();
    }

    static short round(int floatBits) {
        if ((floatBits & 0x7F800000) == 0x7F800000 && (floatBits & 0x007FFFFF) != 0) {
            return (short) ((floatBits >>> 16) | 0x0040); // keep NaN a NaN
        }
        int lsb = (floatBits >>> 16) & 1;
        return (short) ((floatBits + 0x7FFF + lsb) >>> 16);
    }
}
