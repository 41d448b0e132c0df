package org.gerenb.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gerenb.data.DataFormatException;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaModel;

/**
 * For every replay sample, token and hidden dimension: the region the base model's final hidden value r
 * lies in, which is all the TM loss needs to know about r. Codes take 2 bits each, 16x less than the
 * float32 states the reference code stores (about 0.5 GiB instead of 8.6 GiB for an 8B model).
 *
 * <p>When sigma_d = 0 the thresholds coincide and a value equal to both counts as neutral.
 */
public final class RegionStore {

    public static final byte NEGATIVE = 0;
    public static final byte NEUTRAL = 1;
    public static final byte POSITIVE = 2;

    static final String MAGIC = "GRRG";
    static final int VERSION = 1;

    private final StoreHeader header;
    private final byte[][] packed;

    private RegionStore(StoreHeader header, byte[][] packed) {
        this.header = header;
        this.packed = packed;
    }

    /** A second reference pass: classification on the device, 2-bit packing in Java. */
    public static RegionStore compute(LlamaModel base, ReplaySet replay, ActivationStats stats, int batchSize) {
        int hidden = base.config().hiddenSize();
        if (stats.hiddenSize() != hidden) {
            throw new IllegalArgumentException("statistics have " + stats.hiddenSize() + " dimensions, the model "
                    + hidden);
        }
        StoreHeader header = new StoreHeader(MAGIC, VERSION, hidden,
                replay.samples().stream().mapToInt(s -> s.length).toArray());
        byte[][] packed = new byte[replay.size()][];
        try (NDArray neg = stats.negArray(base.manager()); NDArray pos = stats.posArray(base.manager())) {
            ReferencePass.run("reference regions", base, replay, batchSize, (samples, batch, states) -> {
                byte[] codes = classify(states, neg, pos).toByteArray();
                int rowElements = batch.width() * hidden;
                for (int row = 0; row < samples.length; row++) {
                    int sample = samples[row];
                    packed[sample] = TwoBitCodes.pack(codes, row * rowElements, (int) header.elements(sample));
                }
            });
        }
        return new RegionStore(header, packed);
    }

    /** 0 where r <= neg, 1 where neg < r < pos, 2 where r >= pos, as INT8 [B, T, D]. */
    public static NDArray classify(NDArray states, NDArray neg, NDArray pos) {
        return states.gt(neg).toType(DataType.INT8, false).add(states.gte(pos).toType(DataType.INT8, false));
    }

    /**
     * The codes of the given samples as INT8 [B, paddedLength, D], row i for sampleIndices[i]; padded
     * positions hold NEUTRAL (losses mask them anyway).
     */
    public NDArray regions(int[] sampleIndices, int paddedLength, NDManager manager) {
        int hidden = header.hiddenSize();
        int rowElements = Math.multiplyExact(paddedLength, hidden);
        byte[] codes = new byte[Math.multiplyExact(sampleIndices.length, rowElements)];
        Arrays.fill(codes, NEUTRAL);
        for (int row = 0; row < sampleIndices.length; row++) {
            int sample = sampleIndices[row];
            requireFits(sample, paddedLength);
            TwoBitCodes.unpack(packed[sample], (int) header.elements(sample), codes, row * rowElements);
        }
        return manager.create(codes, new Shape(sampleIndices.length, paddedLength, hidden));
    }

    private void requireFits(int sample, int paddedLength) {
        if (sample < 0 || sample >= size()) {
            throw new IndexOutOfBoundsException("sample " + sample + " of a region store with " + size());
        }
        if (header.lengths()[sample] > paddedLength) {
            throw new IllegalArgumentException("sample " + sample + " has " + header.lengths()[sample]
                    + " tokens, more than the padded length " + paddedLength);
        }
    }

    public int size() {
        return header.size();
    }

    public int hiddenSize() {
        return header.hiddenSize();
    }

    public int length(int sample) {
        return header.lengths()[sample];
    }

    public long tokenCount() {
        return header.tokenCount();
    }

    /** How many (token, dimension) codes of all samples lie in each region: NEGATIVE, NEUTRAL, POSITIVE. */
    public long[] regionCounts() {
        long[] counts = new long[3];
        for (int sample = 0; sample < size(); sample++) {
            byte[] codes = new byte[Math.toIntExact(header.elements(sample))];
            TwoBitCodes.unpack(packed[sample], codes.length, codes, 0);
            for (byte code : codes) {
                counts[code]++;
            }
        }
        return counts;
    }

    /** Packed codes held, headers excluded. */
    public long bytes() {
        return Arrays.stream(packed).mapToLong(p -> p.length).sum();
    }

    /** What the same hidden states take as float32, as the reference code stores them. */
    public long float32Bytes() {
        return 4L * header.tokenCount() * header.hiddenSize();
    }

    public void write(Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(header.encode());
            for (byte[] sample : packed) {
                out.write(sample);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static RegionStore read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            StoreHeader header = StoreHeader.read(in, file, MAGIC, VERSION);
            long payload = 0;
            for (int i = 0; i < header.size(); i++) {
                payload += TwoBitCodes.packedLength(header.elements(i));
            }
            header.requireFileSize(file, Files.size(file), payload);
            byte[][] packed = new byte[header.size()][];
            for (int i = 0; i < header.size(); i++) {
                packed[i] = in.readNBytes(TwoBitCodes.packedLength(header.elements(i)));
                requireValidCodes(file, header, i, packed[i]);
            }
            return new RegionStore(header, packed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void requireValidCodes(Path file, StoreHeader header, int sample, byte[] codes) {
        long invalid = TwoBitCodes.firstCodeThree(codes, (int) header.elements(sample));
        if (invalid >= 0) {
            throw new DataFormatException(file, "sample " + sample + ", token " + invalid / header.hiddenSize()
                    + ", dim " + invalid % header.hiddenSize() + " holds region code 3; expected 0, 1 or 2");
        }
    }
}
