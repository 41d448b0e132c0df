package org.gerenb.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.gerenb.model.CheckpointFormatException;
import org.gerenb.model.LlamaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFingerprintTest {

    @Test
    void equalDirectoriesShareAFingerprintAndEditsChangeIt(@TempDir Path dir) throws Exception {
        Path a;
        Path b;
        try (LlamaModel model = TinyModels.model(1)) {
            a = TinyModels.save(model, dir.resolve("a"));
            b = TinyModels.save(model, dir.resolve("b"));
        }
        String fingerprint = ModelFingerprint.of(a);
        assertEquals(64, fingerprint.length());
        assertEquals(fingerprint, ModelFingerprint.of(b));
        flipByte(b.resolve("model.safetensors"), Files.size(b.resolve("model.safetensors")) - 5);
        assertNotEquals(fingerprint, ModelFingerprint.of(b));
        Files.writeString(a.resolve("config.json"), Files.readString(a.resolve("config.json")) + " ");
        assertNotEquals(fingerprint, ModelFingerprint.of(a));
    }

    /** Documents the sampling: only the header and three 1 MiB windows of a weights file are read. */
    @Test
    void largeFilesAreSampledNotHashedWhole(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("model.safetensors");
        Files.writeString(dir.resolve("config.json"), "{}");
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1572864],\"data_offsets\":[0,6291456]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[6 << 20];
        new Random(4).nextBytes(body);
        Files.write(weights, ByteBuffer.allocate(8 + header.length + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(body).array());
        String fingerprint = ModelFingerprint.of(dir);
        flipByte(weights, 3L << 19);
        assertEquals(fingerprint, ModelFingerprint.of(dir), "a byte between the samples is not read");
        flipByte(weights, Files.size(weights) / 2);
        assertNotEquals(fingerprint, ModelFingerprint.of(dir), "a byte in the middle sample is");
    }

    @Test
    void aDirectoryWithoutWeightsIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{}");
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ModelFingerprint.of(dir));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    private static void flipByte(Path file, long position) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x10;
        Files.write(file, bytes);
    }
}
