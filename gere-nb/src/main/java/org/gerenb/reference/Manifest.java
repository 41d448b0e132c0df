package org.gerenb.reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.gerenb.data.DataFormatException;

/**
 * manifest.json of a cache entry: the key in clear text, what it was built from, and every data file
 * with its size and SHA-256, so a damaged or swapped file is detected before it is used.
 */
record Manifest(int formatVersion, String created, String modelFingerprint, String modelDir, int hiddenSize,
        String replayFingerprint, String replaySource, int replaySamples, long replayTokens, int maxLength,
        double k, ReferenceKind kind, List<FileEntry> files) {

    static final int FORMAT_VERSION = 1;
    static final String FILE_NAME = "manifest.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    record FileEntry(String name, long bytes, String sha256) {

        static FileEntry of(Path file) {
            try {
                return new FileEntry(file.getFileName().toString(), Files.size(file), checksum(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    CacheKey key() {
        return new CacheKey(modelFingerprint, replayFingerprint, maxLength, k, kind);
    }

    boolean lists(String fileName) {
        return files.stream().anyMatch(f -> f.name().equals(fileName));
    }

    void write(Path file) {
        try {
            Files.writeString(file, GSON.toJson(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Manifest read(Path file) {
        Manifest manifest;
        try {
            manifest = GSON.fromJson(Files.readString(file), Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException e) {
            throw new DataFormatException(file, "not a reference manifest: " + e.getMessage());
        }
        if (manifest == null || manifest.formatVersion != FORMAT_VERSION || manifest.modelFingerprint == null
                || manifest.replayFingerprint == null || manifest.kind == null || manifest.files == null
                || !manifest.files.stream().allMatch(Manifest::isPlainEntry)) {
            throw new DataFormatException(file, "expected a format version " + FORMAT_VERSION
                    + " manifest with model and replay fingerprints, kind, and files named inside the entry"
                    + " with their SHA-256");
        }
        return manifest;
    }

    /** Entries name files of the entry directory itself, never paths leading out of it. */
    private static boolean isPlainEntry(FileEntry entry) {
        return entry != null && entry.name() != null && entry.sha256() != null && !entry.name().isEmpty()
                && Path.of(entry.name()).getFileName().toString().equals(entry.name()) && !entry.name().equals("..");
    }

    /** Why the listed files in {@code dir} cannot be trusted, or null when every size and checksum matches. */
    String damage(Path dir) {
        for (FileEntry expected : files) {
            Path file = dir.resolve(expected.name());
            if (!Files.isRegularFile(file)) {
                return expected.name() + " is missing";
            }
            FileEntry actual = FileEntry.of(file);
            if (actual.bytes() != expected.bytes()) {
                return expected.name() + " is " + actual.bytes() + " bytes, the manifest says " + expected.bytes();
            }
            if (!actual.sha256().equals(expected.sha256())) {
                return expected.name() + " is damaged (SHA-256 " + actual.sha256() + ", the manifest says "
                        + expected.sha256() + ")";
            }
        }
        return null;
    }

    private static String checksum(Path file) throws IOException {
        MessageDigest digest = ModelFingerprint.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
