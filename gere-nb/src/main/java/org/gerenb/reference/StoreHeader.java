package org.gerenb.reference;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.gerenb.data.DataFormatException;

/**
 * The header shared by the region and feature stores (big-endian): a 4-byte magic naming the kind of
 * file, format version, sample count, hidden size D, then each sample's token count. The payload that
 * follows holds each sample's [length, D] values in sample order.
 */
record StoreHeader(String magic, int version, int hiddenSize, int[] lengths) {

    /** Bounds what a damaged header can make a reader allocate. */
    private static final int MAX_SAMPLES = 10_000_000;
    private static final int MAX_HIDDEN = 1 << 20;

    int size() {
        return lengths.length;
    }

    long byteSize() {
        return 16L + 4L * lengths.length;
    }

    long tokenCount() {
        return Arrays.stream(lengths).asLongStream().sum();
    }

    /** Elements (token x dimension) of one sample. */
    long elements(int sample) {
        return (long) lengths[sample] * hiddenSize;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) byteSize());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(magic.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(version);
            out.writeInt(lengths.length);
            out.writeInt(hiddenSize);
            for (int length : lengths) {
                out.writeInt(length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads and checks a header; {@code file} only names the source in error messages. */
    static StoreHeader read(InputStream stream, Path file, String expectedMagic, int expectedVersion) {
        try {
            DataInputStream in = new DataInputStream(stream);
            String magic = new String(in.readNBytes(4), StandardCharsets.US_ASCII);
            if (!magic.equals(expectedMagic)) {
                throw new DataFormatException(file, "starts with '" + magic + "', expected magic '" + expectedMagic
                        + "': not this kind of reference file");
            }
            int version = in.readInt();
            if (version != expectedVersion) {
                throw new DataFormatException(file, "format version " + version + ", expected " + expectedVersion);
            }
            int count = checked(file, "sample count", in.readInt(), 0, MAX_SAMPLES);
            int hidden = checked(file, "hidden size", in.readInt(), 1, MAX_HIDDEN);
            int[] lengths = new int[count];
            for (int i = 0; i < count; i++) {
                lengths[i] = checked(file, "length of sample " + i, in.readInt(), 1, Integer.MAX_VALUE / hidden);
            }
            return new StoreHeader(magic, version, hidden, lengths);
        } catch (java.io.EOFException e) {
            throw new DataFormatException(file, "ends inside its header");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int checked(Path file, String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new DataFormatException(file, what + " is " + value + ", expected " + min + ".." + max);
        }
        return value;
    }

    /** A store file must be exactly header plus payload long: anything else is truncated or padded. */
    void requireFileSize(Path file, long actual, long payloadBytes) {
        long expected = byteSize() + payloadBytes;
        if (actual != expected) {
            throw new DataFormatException(file, "is " + actual + " bytes, but its header (" + size() + " samples, "
                    + tokenCount() + " tokens, D = " + hiddenSize + ") implies " + expected);
        }
    }
}
