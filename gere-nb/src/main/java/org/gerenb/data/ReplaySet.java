package org.gerenb.data;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gerenb.model.TextTokenizer;

/**
 * The general samples GeRe replays: the first N texts of a JSONL file, tokenized without special tokens
 * and cut to maxLength tokens (563 = 512 source + 50 target + 1 in the paper). Every token is a target.
 * A text of a single token is kept, as the official GeRe code keeps it: its hidden state counts in the
 * activation statistics and the constraints, and it has no next token for label fitting to predict.
 */
public record ReplaySet(List<long[]> samples, Path source, int maxLength, String fingerprint) {

    public static final int DEFAULT_COUNT = 1000;
    public static final int DEFAULT_MAX_LENGTH = 563;

    public static ReplaySet load(Path jsonl, TextTokenizer tokenizer, int count, int maxLength) {
        if (count <= 0) {
            throw new IllegalArgumentException("replay count = " + count + ": must be >= 1");
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("replay max length = " + maxLength + ": must be >= 2");
        }
        return fromTexts(TextCorpus.readJsonl(jsonl, count), jsonl, tokenizer, maxLength);
    }

    private static ReplaySet fromTexts(List<String> texts, Path jsonl, TextTokenizer tokenizer, int maxLength) {
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            long[] ids = tokenizer.encodePlain(texts.get(i));
            if (ids.length == 0) {
                throw new DataFormatException(jsonl, i + 1, "text tokenizes to no tokens; a replay sample needs "
                        + "at least 1");
            }
            samples.add(ids.length > maxLength ? Arrays.copyOf(ids, maxLength) : ids);
        }
        return new ReplaySet(List.copyOf(samples), jsonl, maxLength, fingerprint(samples));
    }

    /**
     * {@code count} passages drawn at random with {@code seed} from the whole file (kept in file order),
     * tokenized and cut as {@link #load} does. With {@code domains} given, every passage of the file must
     * name one of them: a replay set drawn from a subset of the pretraining domains is what makes
     * general_out a test of text that is never replayed.
     */
    public static ReplaySet sample(Path jsonl, TextTokenizer tokenizer, int count, int maxLength, long seed,
            List<String> domains) {
        List<TextCorpus.Passage> passages = TextCorpus.readPassages(jsonl, Integer.MAX_VALUE);
        for (int i = 0; i < passages.size(); i++) {
            String domain = passages.get(i).domain();
            if (!domains.isEmpty() && (domain == null || !domains.contains(domain))) {
                throw new DataFormatException(jsonl, i + 1, "domain " + domain
                        + " is not one of the replayed domains " + domains + " (replay.domains)");
            }
        }
        if (count > passages.size()) {
            throw new IllegalArgumentException("replay.count = " + count + ", but " + jsonl + " holds "
                    + passages.size() + " passages");
        }
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, passages.size()).boxed().toList());
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        List<Integer> chosen = new ArrayList<>(order.subList(0, count));
        java.util.Collections.sort(chosen);
        return fromTexts(chosen.stream().map(i -> passages.get(i).text()).toList(), jsonl, tokenizer, maxLength);
    }

    public int size() {
        return samples.size();
    }

    public long tokenCount() {
        return samples.stream().mapToLong(s -> s.length).sum();
    }

    /** A digest of the token ids themselves: the same texts under another tokenizer differ. */
    private static String fingerprint(List<long[]> samples) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (long[] sample : samples) {
                digest.update(Long.toString(sample.length).getBytes());
                for (long id : sample) {
                    digest.update(new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
