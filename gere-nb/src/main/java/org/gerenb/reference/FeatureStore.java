package org.gerenb.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaModel;

/**
 * The base model's final hidden states of every replay sample as IEEE half floats, for the L1/L2
 * feature-imitation baselines. The file can be larger than memory (4.6 GB for an 8B model), so compute
 * writes each batch straight to disk and {@link #features} reads only the samples asked for.
 *
 * <p>Half precision keeps 11 significant bits and magnitudes up to 65504, ample for normalized final
 * hidden states. Values are stored in the byte order PyTorch hands them over in (little-endian on x86-64 and
 * aarch64); the header is big-endian like the region store's.
 */
public final class FeatureStore implements AutoCloseable {

    static final String MAGIC = "GRF6";
    static final int VERSION = 1;
    private static final int HALF_BYTES = 2;

    private final Path file;
    private final FileChannel channel;
    private final StoreHeader header;
    private final long[] offsets;

    private FeatureStore(Path file, FileChannel channel, StoreHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.offsets = offsets(header);
    }

    /** Where each sample's values start in the file; the last entry is the file's size. */
    private static long[] offsets(StoreHeader header) {
        long[] offsets = new long[header.size() + 1];
        offsets[0] = header.byteSize();
        for (int i = 0; i < header.size(); i++) {
            offsets[i + 1] = offsets[i] + HALF_BYTES * header.elements(i);
        }
        return offsets;
    }

    /** Runs the base model over the replay set and writes its states to {@code file}, then opens it. */
    public static FeatureStore compute(LlamaModel base, ReplaySet replay, int batchSize, Path file) {
        StoreHeader header = new StoreHeader(MAGIC, VERSION, base.config().hiddenSize(),
                replay.samples().stream().mapToInt(s -> s.length).toArray());
        long[] offsets = offsets(header);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.wrap(header.encode()), 0, file);
            ReferencePass.run("reference features", base, replay, batchSize,
                    (samples, batch, states) -> writeBatch(out, file, offsets, samples, states));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return open(file);
    }

    /** Row r of states [B, T, D] goes to sample samples[r]'s place; its padded tail is dropped. */
    private static void writeBatch(FileChannel out, Path file, long[] offsets, int[] samples, NDArray states) {
        byte[] half = states.toType(DataType.FLOAT16, false).toByteArray();
        long rowBytes = (long) half.length / samples.length;
        for (int row = 0; row < samples.length; row++) {
            int sample = samples[row];
            int bytes = (int) (offsets[sample + 1] - offsets[sample]);
            writeFully(out, ByteBuffer.wrap(half, (int) (row * rowBytes), bytes), offsets[sample], file);
        }
    }

    public static FeatureStore open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                StoreHeader header = StoreHeader.read(Channels.newInputStream(channel.position(0)), file, MAGIC,
                        VERSION);
                header.requireFileSize(file, channel.size(), HALF_BYTES * header.tokenCount() * header.hiddenSize());
                return new FeatureStore(file, channel, header);
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The states of the given samples as FLOAT32 [B, paddedLength, D]; zeros at padded positions. */
    public NDArray features(int[] sampleIndices, int paddedLength, NDManager manager) {
        long rowBytes = (long) HALF_BYTES * paddedLength * header.hiddenSize();
        ByteBuffer half = ByteBuffer.allocateDirect(Math.toIntExact(sampleIndices.length * rowBytes))
                .order(ByteOrder.nativeOrder());
        for (int row = 0; row < sampleIndices.length; row++) {
            int sample = sampleIndices[row];
            requireFits(sample, paddedLength);
            ByteBuffer target = half.slice((int) (row * rowBytes), (int) (offsets[sample + 1] - offsets[sample]));
            readFully(target, offsets[sample]);
        }
        try (NDArray values = manager.create(half, new Shape(sampleIndices.length, paddedLength,
                header.hiddenSize()), DataType.FLOAT16)) {
            return values.toType(DataType.FLOAT32, false);
        }
    }

    private void requireFits(int sample, int paddedLength) {
        if (sample < 0 || sample >= size()) {
            throw new IndexOutOfBoundsException("sample " + sample + " of a feature store with " + size());
        }
        if (header.lengths()[sample] > paddedLength) {
            throw new IllegalArgumentException("sample " + sample + " has " + header.lengths()[sample]
                    + " tokens, more than the padded length " + paddedLength);
        }
    }

    private void readFully(ByteBuffer target, long position) {
        try {
            while (target.hasRemaining()) {
                int read = channel.read(target, position + target.position());
                if (read < 0) {
                    throw new IOException("unexpected end of file at " + (position + target.position()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer source, long position, Path file) {
        try {
            long start = position - source.position();
            while (source.hasRemaining()) {
                channel.write(source, start + source.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public int size() {
        return header.size();
    }

    /** The file's size: header plus two bytes per stored value. */
    public long bytes() {
        return offsets[offsets.length - 1];
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
