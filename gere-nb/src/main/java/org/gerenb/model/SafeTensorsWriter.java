package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/** Writes float tensors as one safetensors file, streaming row blocks so no tensor is copied whole. */
public final class SafeTensorsWriter {

    private SafeTensorsWriter() {
    }

    public static void write(Path file, Map<String, NDArray> tensors, WeightPrecision precision) {
        Map<String, NDArray> sorted = new TreeMap<>(tensors);
        byte[] header = header(sorted, precision);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            writeAll(out, length.flip());
            writeAll(out, ByteBuffer.wrap(header));
            for (NDArray tensor : sorted.values()) {
                writeTensor(out, tensor, precision);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + file, e);
        }
    }

    private static byte[] header(Map<String, NDArray> tensors, WeightPrecision precision) {
        JsonObject json = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "pt");
        json.add("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray tensor = entry.getValue();
            long bytes = tensor.size() * precision.dtype.bytes;
            JsonObject info = new JsonObject();
            info.addProperty("dtype", precision.dtype.name());
            JsonArray shape = new JsonArray();
            for (long d : tensor.getShape().getShape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            info.add("data_offsets", offsets);
            json.add(entry.getKey(), info);
            offset += bytes;
        }
        StringBuilder text = new StringBuilder(json.toString());
        while (text.length() % 8 != 0) {
            text.append(' '); // the format aligns the data section to 8 bytes
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeTensor(FileChannel out, NDArray tensor, WeightPrecision precision) throws IOException {
        long rows = tensor.getShape().dimension() == 0 ? 1 : tensor.getShape().get(0);
        long rowElements = Math.max(1, tensor.size() / Math.max(1, rows));
        long rowsPerBlock = Math.max(1, (SafeTensorsFile.MAX_CHUNK_BYTES / 4) / rowElements);
        for (long row = 0; row < rows; row += rowsPerBlock) {
            boolean whole = row == 0 && rowsPerBlock >= rows;
            try (NDArray block = whole ? tensor.toType(DataType.FLOAT32, true)
                    : tensor.get(new NDIndex("{}:{}", row, Math.min(rows, row + rowsPerBlock))).toType(DataType.FLOAT32, true)) {
                ByteBuffer f32 = block.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                writeAll(out, precision == WeightPrecision.BF16 ? Bf16.narrow(f32) : f32);
            }
        }
    }

    private static void writeAll(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
