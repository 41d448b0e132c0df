package org.gerenb.reference;

/** Values 0..3 packed four to a byte, the first value in the lowest two bits. */
final class TwoBitCodes {

    private TwoBitCodes() {
    }

    static int packedLength(long count) {
        long bytes = (count + 3) / 4;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " codes do not fit one Java array when packed");
        }
        return (int) bytes;
    }

    static byte[] pack(byte[] codes, int offset, int count) {
        byte[] packed = new byte[packedLength(count)];
        for (int i = 0; i < count; i++) {
            packed[i >> 2] |= (byte) ((codes[offset + i] & 3) << ((i & 3) << 1));
        }
        return packed;
    }

    static void unpack(byte[] packed, int count, byte[] target, int targetOffset) {
        for (int i = 0; i < count; i++) {
            target[targetOffset + i] = (byte) ((packed[i >> 2] >> ((i & 3) << 1)) & 3);
        }
    }

    /** Index of the first code equal to 3 (no region has that code), or -1. */
    static long firstCodeThree(byte[] packed, int count) {
        for (int b = 0; b < packed.length; b++) {
            int bits = packed[b];
            // a two-bit field holds 3 when its high and low bits are both set
            if ((bits & (bits >> 1) & 0x55) != 0) {
                for (int i = b * 4; i < Math.min(count, b * 4 + 4); i++) {
                    if (((bits >> ((i & 3) << 1)) & 3) == 3) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }
}
