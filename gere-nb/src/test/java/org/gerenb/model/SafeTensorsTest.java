package org.gerenb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    @Test
    void float32RoundTripIsExact() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(3, 5));
            Path file = dir.resolve("a.safetensors");
            SafeTensorsWriter.write(file, Map.of("a", a), WeightPrecision.F32);
            try (SafeTensorsFile read = SafeTensorsFile.open(file)) {
                assertArrayEquals(a.toFloatArray(), read.load("a", manager).toFloatArray());
            }
        }
    }

    @Test
    void bf16RoundTripKeepsEightBitsOfMantissa() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {1f, -2.5f, 3.14159f, 1e-3f, 65504f, 0f};
            NDArray a = manager.create(values);
            Path file = dir.resolve("b.safetensors");
            SafeTensorsWriter.write(file, Map.of("b", a), WeightPrecision.BF16);
            try (SafeTensorsFile read = SafeTensorsFile.open(file)) {
                assertEquals(TensorDType.BF16, read.info("b").dtype());
                float[] back = read.load("b", manager).toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    assertEquals(values[i], back[i], Math.abs(values[i]) / 128 + 1e-30, "element " + i);
                }
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, Bf16.round(Float.floatToIntBits(1.0f)));
        assertEquals((short) 0x3F80, Bf16.round(0x3F808000)); // tie, lower is even
        assertEquals((short) 0x3F82, Bf16.round(0x3F818000)); // tie, upper is even
        assertEquals((short) 0x3F81, Bf16.round(0x3F808001)); // above the tie
    }

    @Test
    void truncatedFileNamesTheTensorAndRange() throws IOException {
        Path file = dir.resolve("t.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            SafeTensorsWriter.write(file, Map.of("weight", manager.ones(new Shape(4, 4))), WeightPrecision.F32);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensorsFile.open(file));
        assertTrue(e.getMessage().contains("'weight'") && e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void unknownDtypeIsNamed() throws IOException {
        Path file = write("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensorsFile.open(file));
        assertTrue(e.getMessage().contains("unknown dtype"), e.getMessage());
    }

    @Test
    void shapeThatDisagreesWithOffsetsIsRejected() throws IOException {
        Path file = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertThrows(CheckpointFormatException.class, () -> SafeTensorsFile.open(file));
    }

    @Test
    void randomBytesNeverCrashTheJvm() throws IOException {
        Random random = new Random(7);
        Path file = dir.resolve("fuzz.safetensors");
        int rejected = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (trial % 2 == 0 && bytes.length >= 8) {
                // a plausible header length makes the parser reach the JSON stage
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, random.nextInt(bytes.length - 7));
            }
            Files.write(file, bytes);
            try (SafeTensorsFile f = SafeTensorsFile.open(file); NDManager manager = NDManager.newBaseManager()) {
                f.names().forEach(name -> f.load(name, manager).close());
            } catch (CheckpointFormatException | UncheckedIOException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > 1900, "random files should nearly all be rejected, got " + rejected);
    }

    @Test
    void mutatedRealHeadersAreRejectedOrLoad() throws IOException {
        Path good = dir.resolve("g.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            SafeTensorsWriter.write(good, Map.of("a", manager.ones(new Shape(2, 3)), "b", manager.zeros(new Shape(5))),
                    WeightPrecision.BF16);
        }
        byte[] original = Files.readAllBytes(good);
        Random random = new Random(11);
        Path file = dir.resolve("m.safetensors");
        for (int trial = 0; trial < 1000; trial++) {
            byte[] bytes = original.clone();
            for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
                bytes[random.nextInt(Math.min(bytes.length, 200))] = (byte) random.nextInt(256);
            }
            Files.write(file, bytes);
            try (SafeTensorsFile f = SafeTensorsFile.open(file); NDManager manager = NDManager.newBaseManager()) {
                f.names().forEach(name -> f.load(name, manager).close());
            } catch (CheckpointFormatException | UncheckedIOException expected) {
                // rejected with a message: fine
            }
        }
    }

    private Path write(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        Path file = dir.resolve("h.safetensors");
        Files.write(file, buffer.array());
        return file;
    }
}
