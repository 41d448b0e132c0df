package org.gerenb.reference;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.gerenb.model.CheckpointFormatException;

/**
 * A SAMPLED fingerprint of a Hugging Face model directory, fast enough for 16 GB checkpoints: SHA-256
 * over config.json, the shard index when there is one, and per weights file its name, size, safetensors
 * header (tensor names, dtypes, shapes, offsets) and 1 MiB samples at its start, middle and end.
 * Fine-tuning changes every tensor, so the samples differ between checkpoints in practice; an edit
 * confined to bytes outside the samples would go unnoticed, which is why this is not a full checksum.
 */
public final class ModelFingerprint {

    static final int SAMPLE_BYTES = 1 << 20;
    /** A safetensors header beyond this size is not a header: hash only the first bytes then. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final String SINGLE = "model.safetensors";
    private static final String INDEX = "model.safetensors.index.json";

    private ModelFingerprint() {
    }

    public static String of(Path modelDir) {
        MessageDigest digest = sha256();
        try {
            digest.update(Files.readAllBytes(requireFile(modelDir, "config.json")));
            Path index = modelDir.resolve(INDEX);
            if (Files.isRegularFile(index)) {
                digest.update(Files.readAllBytes(index));
            }
            for (Path weights : weightFiles(modelDir)) {
                addWeights(digest, weights);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model directory " + modelDir, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> weightFiles(Path modelDir) throws IOException {
        Path index = modelDir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return List.of(requireFile(modelDir, SINGLE));
        }
        TreeSet<String> shards = new TreeSet<>();
        try {
            JsonObject map = JsonParser.parseString(Files.readString(index)).getAsJsonObject()
                    .getAsJsonObject("weight_map");
            for (JsonElement shard : map.asMap().values()) {
                shards.add(shard.getAsString());
            }
        } catch (RuntimeException e) {
            throw new CheckpointFormatException(index, "expected a JSON object with a weight_map object");
        }
        return shards.stream().map(name -> requireFile(modelDir, name)).toList();
    }

    private static void addWeights(MessageDigest digest, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            digest.update((file.getFileName() + "\0" + size + "\0").getBytes(StandardCharsets.UTF_8));
            digest.update(read(channel, 0, headerBytes(channel, size)));
            int sample = (int) Math.min(SAMPLE_BYTES, size);
            for (long start : new long[] {0, (size - sample) / 2, size - sample}) {
                digest.update(read(channel, start, sample));
            }
        }
    }

    /** The 8-byte little-endian header length plus the JSON header itself. */
    private static int headerBytes(FileChannel channel, long size) throws IOException {
        if (size < 8) {
            return (int) size;
        }
        long length = read(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return length >= 0 && length <= MAX_HEADER_BYTES && 8 + length <= size ? (int) (8 + length) : 8;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("file shorter than " + (position + length) + " bytes");
            }
        }
        return buffer.flip();
    }

    private static Path requireFile(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(dir, "no " + name + " to fingerprint the model by");
        }
        return file;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
