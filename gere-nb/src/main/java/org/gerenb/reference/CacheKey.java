package org.gerenb.reference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** What a cached reference depends on: the base model, the replay token ids, their cut, k and the kind. */
public record CacheKey(String modelFingerprint, String replayFingerprint, int maxLength, double k,
        ReferenceKind kind) {

    /** 16 hex digits of SHA-256 over the key: the entry's directory name. */
    public String shortHash() {
        String canonical = String.join("\n", modelFingerprint, replayFingerprint, Integer.toString(maxLength),
                Double.toString(k), kind.name());
        byte[] digest = ModelFingerprint.sha256().digest(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /** The fields in which {@code other} (what a cache holds) differs from this key, for messages. */
    List<String> differencesFrom(CacheKey other) {
        List<String> differences = new ArrayList<>();
        if (!modelFingerprint.equals(other.modelFingerprint)) {
            differences.add("model " + abbreviate(other.modelFingerprint) + " instead of " + abbreviate(modelFingerprint));
        }
        if (!replayFingerprint.equals(other.replayFingerprint)) {
            differences.add("replay set " + abbreviate(other.replayFingerprint) + " instead of "
                    + abbreviate(replayFingerprint));
        }
        if (maxLength != other.maxLength) {
            differences.add("max length " + other.maxLength + " instead of " + maxLength);
        }
        if (Double.compare(k, other.k) != 0) {
            differences.add("k " + other.k + " instead of " + k);
        }
        if (kind != other.kind) {
            differences.add("kind " + other.kind.name().toLowerCase(Locale.ROOT) + " instead of "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
        return differences;
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint == null || fingerprint.length() <= 12 ? String.valueOf(fingerprint)
                : fingerprint.substring(0, 12) + "...";
    }
}
