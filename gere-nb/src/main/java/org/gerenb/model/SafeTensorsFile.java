package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reader of the safetensors format: an 8-byte little-endian header length, a JSON header, then raw
 * little-endian tensor bytes. Every offset is checked before a byte is read, so a damaged file ends in a
 * {@link CheckpointFormatException}, never in native code. Tensors are read straight from the file into
 * direct buffers (never whole files on the Java heap), in chunks, so files and tensors above 2 GiB load.
 */
public final class SafeTensorsFile implements Closeable {

    static final long MAX_HEADER_BYTES = 100L << 20;
    /** Largest slab handed to the engine at once; larger tensors are read in row blocks and concatenated. */
    static final long MAX_CHUNK_BYTES = 256L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;

    private SafeTensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    public static SafeTensorsFile open(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new CheckpointFormatException(path, "truncated safetensors file: " + fileSize
                        + " bytes, expected at least the 8-byte header length");
            }
            long headerLength = readFully(channel, 0, 8).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new CheckpointFormatException(path, "header length " + headerLength
                        + " is impossible for a file of " + fileSize + " bytes");
            }
            ByteBuffer header = readFully(channel, 8, (int) headerLength);
            String json = StandardCharsets.UTF_8.decode(header).toString();
            long dataSize = fileSize - 8 - headerLength;
            Map<String, TensorInfo> tensors = parseHeader(path, json, dataSize);
            return new SafeTensorsFile(path, channel, 8 + headerLength, tensors);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot read " + path, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new CheckpointFormatException(path, "no tensor named '" + name + "'");
        }
        return info;
    }

    /** Loads a tensor; floating-point tensors of any width arrive as FLOAT32 (BF16 is widened in Java). */
    public NDArray load(String name, NDManager manager) {
        TensorInfo info = info(name);
        if (info.elementCount() == 0) {
            return manager.zeros(new Shape(info.shape()), info.dtype().isFloatingPoint() ? DataType.FLOAT32 : engineType(info));
        }
        long rows = info.shape().length == 0 ? 1 : info.shape()[0];
        long rowBytes = info.byteLength() / rows;
        long rowsPerChunk = Math.max(1, MAX_CHUNK_BYTES / Math.max(1, rowBytes));
        if (rowsPerChunk >= rows) {
            return loadRows(info, 0, rows, manager);
        }
        NDList chunks = new NDList();
        for (long row = 0; row < rows; row += rowsPerChunk) {
            long count = Math.min(rowsPerChunk, rows - row);
            chunks.add(loadRows(info, row, count, manager));
        }
        NDArray whole = NDArrays.concat(chunks, 0);
        chunks.close();
        return whole;
    }

    private NDArray loadRows(TensorInfo info, long firstRow, long rowCount, NDManager manager) {
        Shape chunkShape = info.shape().length == 0 ? new Shape() : rowShape(info, rowCount);
        long rowBytes = info.shape().length == 0 ? info.byteLength() : info.byteLength() / info.shape()[0];
        ByteBuffer raw = read(info.begin() + firstRow * rowBytes, rowCount * rowBytes);
        return switch (info.dtype()) {
            case BF16 -> manager.create(Bf16.widen(raw), chunkShape, DataType.FLOAT32);
            case F16 -> toFloat32(manager.create(raw, chunkShape, DataType.FLOAT16));
            case F64 -> toFloat32(manager.create(raw, chunkShape, DataType.FLOAT64));
            default -> manager.create(raw, chunkShape, engineType(info));
        };
    }

    private static Shape rowShape(TensorInfo info, long rowCount) {
        long[] dims = info.shape().clone();
        dims[0] = rowCount;
        return new Shape(dims);
    }

    private static NDArray toFloat32(NDArray array) {
        NDArray widened = array.toType(DataType.FLOAT32, false);
        array.close();
        return widened;
    }

    private DataType engineType(TensorInfo info) {
        return switch (info.dtype()) {
            case F32 -> DataType.FLOAT32;
            case I64 -> DataType.INT64;
            case I32 -> DataType.INT32;
            case I8 -> DataType.INT8;
            case U8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
            default -> throw new CheckpointFormatException(path, "tensor '" + info.name() + "' has dtype "
                    + info.dtype() + ", which the engine cannot hold; expected a float or 8/32/64-bit int type");
        };
    }

    private ByteBuffer read(long offset, long length) {
        try {
            return readFully(channel, dataStart + offset, Math.toIntExact(length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String json, long dataSize) {
        JsonObject header;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new CheckpointFormatException(path, "header is not a JSON object");
            }
            header = root.getAsJsonObject();
        } catch (RuntimeException | StackOverflowError e) {
            if (e instanceof CheckpointFormatException c) {
                throw c;
            }
            throw new CheckpointFormatException(path, "header is not valid JSON: " + e.getMessage());
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            if (!entry.getKey().equals("__metadata__")) {
                tensors.put(entry.getKey(), parseEntry(path, entry.getKey(), entry.getValue(), dataSize));
            }
        }
        return tensors;
    }

    private static TensorInfo parseEntry(Path path, String name, JsonElement element, long dataSize) {
        String where = "tensor '" + name + "': ";
        if (!element.isJsonObject()) {
            throw new CheckpointFormatException(path, where + "header entry is not an object");
        }
        JsonObject entry = element.getAsJsonObject();
        TensorDType dtype = entry.has("dtype") && entry.get("dtype").isJsonPrimitive()
                ? TensorDType.parse(entry.get("dtype").getAsString()) : null;
        if (dtype == null) {
            throw new CheckpointFormatException(path, where + "unknown dtype " + entry.get("dtype")
                    + ", expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
        }
        long[] shape = nonNegativeLongs(path, where + "shape", entry.get("shape"), -1);
        long[] offsets = nonNegativeLongs(path, where + "data_offsets", entry.get("data_offsets"), 2);
        if (offsets[0] > offsets[1] || offsets[1] > dataSize) {
            throw new CheckpointFormatException(path, where + "data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] out of range: the data section holds " + dataSize + " bytes (truncated file?)");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
        long expected;
        try {
            expected = Math.multiplyExact(info.elementCount(), dtype.bytes);
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(path, where + "shape overflows: " + entry.get("shape"));
        }
        if (expected != info.byteLength()) {
            throw new CheckpointFormatException(path, where + "shape " + entry.get("shape") + " of " + dtype
                    + " needs " + expected + " bytes but data_offsets span " + info.byteLength());
        }
        return info;
    }

    private static long[] nonNegativeLongs(Path path, String what, JsonElement element, int expectedLength) {
        if (element == null || !element.isJsonArray()) {
            throw new CheckpointFormatException(path, what + " missing or not a list");
        }
        JsonArray array = element.getAsJsonArray();
        if (expectedLength >= 0 && array.size() != expectedLength) {
            throw new CheckpointFormatException(path, what + " has " + array.size() + " entries, expected "
                    + expectedLength);
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement v = array.get(i);
            double d = v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsDouble() : -1;
            if (d < 0 || d != Math.rint(d) || d > Long.MAX_VALUE / 2) {
                throw new CheckpointFormatException(path, what + " entry " + v + " is not a non-negative integer");
            }
            values[i] = v.getAsLong();
        }
        return values;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
