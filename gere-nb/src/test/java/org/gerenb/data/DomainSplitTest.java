package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.gerenb.model.TextTokenizer;
import org.gerenb.testing.TinySetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded benchmark's domain split (docs/benchmark-v2.md): the replay set comes from the replayed
 * domains only, pretraining covers all five, and replay, held-out, pretraining and benchmark texts share
 * no passage.
 */
class DomainSplitTest {

    private static final Path GENERAL = Path.of("../datasets/general");
    private static final List<String> REPLAYED = List.of("speech", "novel", "manual");
    private static final List<String> ALL = List.of("speech", "novel", "manual", "scripture", "debate");

    @Test
    void replayComesFromTheReplayedDomainsAndPretrainingFromAll() {
        List<TextCorpus.Passage> replay = TextCorpus.readPassages(GENERAL.resolve("replay.jsonl"), Integer.MAX_VALUE);
        assertEquals(1000, replay.size());
        assertEquals(Set.copyOf(REPLAYED), replay.stream().map(TextCorpus.Passage::domain).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(ALL), domains("pretrain.jsonl"));
        assertEquals(Set.copyOf(ALL), domains("heldout.jsonl"));
    }

    @Test
    void noPassageIsInTwoPools() {
        Set<String> replay = texts("replay.jsonl");
        Set<String> heldout = texts("heldout.jsonl");
        Set<String> pretrain = texts("pretrain.jsonl");
        assertDisjoint(replay, heldout, "replay and held-out");
        assertDisjoint(replay, pretrain, "replay and pretraining");
        assertDisjoint(heldout, pretrain, "held-out and pretraining");
    }

    /**
     * A cloze question is the first 30 words of a passage in none of the pools. Two of the 745 open like a
     * different pretraining passage, because their source repeats itself (the subprocess documentation
     * and a parallel verse); the test pins them so that any new overlap fails.
     */
    @Test
    void clozeQuestionsOpenNoPassageOfThePools() throws IOException {
        Set<String> openings = new HashSet<>();
        for (String file : List.of("replay.jsonl", "heldout.jsonl", "pretrain.jsonl")) {
            texts(file).forEach(text -> openings.add(opening(text)));
        }
        int questions = 0;
        Set<String> repeated = new HashSet<>();
        for (String domain : ALL) {
            Path csv = Path.of("../datasets/mmlu-open/test/cloze_" + domain + "_test.csv");
            for (CSVRecord row : CSVFormat.DEFAULT.parse(Files.newBufferedReader(csv))) {
                if (openings.contains(opening(row.get(0)))) {
                    repeated.add(domain + ":" + row.getRecordNumber());
                }
                questions++;
            }
        }
        assertEquals(745, questions);
        assertEquals(Set.of("manual:149", "scripture:113"), repeated);
    }

    @Test
    void aReplayFileWithAPassageOfAnotherDomainIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("replay.jsonl");
        TinySetup.write(file, """
                {"text": "We the people.", "domain": "speech"}
                {"text": "In the beginning.", "domain": "scripture"}
                """);
        try (TextTokenizer tokenizer = TextTokenizer.load(TinySetup.TOKENIZER)) {
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> ReplaySet.sample(file, tokenizer, 1, 16, 1, REPLAYED));
            assertTrue(e.getMessage().contains(":2:") && e.getMessage().contains("scripture"), e.getMessage());
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                    () -> ReplaySet.sample(file, tokenizer, 3, 16, 1, List.of()));
            assertTrue(tooMany.getMessage().startsWith("replay.count = 3"), tooMany.getMessage());
            assertEquals(ReplaySet.sample(file, tokenizer, 1, 16, 5, List.of()).fingerprint(),
                    ReplaySet.sample(file, tokenizer, 1, 16, 5, List.of()).fingerprint(), "same seed, same sample");
        }
    }

    private static String opening(String text) {
        String[] words = text.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, 30)));
    }

    private static Set<String> domains(String file) {
        return TextCorpus.readPassages(GENERAL.resolve(file), Integer.MAX_VALUE).stream()
                .map(TextCorpus.Passage::domain).collect(Collectors.toSet());
    }

    private static Set<String> texts(String file) {
        return new HashSet<>(TextCorpus.readJsonl(GENERAL.resolve(file)));
    }

    private static void assertDisjoint(Set<String> a, Set<String> b, String what) {
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        assertTrue(common.isEmpty(), what + " share " + common.size() + " passages");
    }
}
