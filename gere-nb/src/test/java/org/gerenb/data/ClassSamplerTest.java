package org.gerenb.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClassSamplerTest {
    private static List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            examples.add(new Example("s" + i, i % 4 == 0 ? "rare" : "common"));
        }
        return examples;
    }

    @Test
    void capsEachClassAndKeepsSmallClassesWhole() {
        List<Example> sample = ClassSampler.perClass(examples(), 30, 1);
        Map<String, Long> counts = sample.stream().collect(Collectors.groupingBy(Example::label, Collectors.counting()));
        assertEquals(Map.of("rare", 25L, "common", 30L), counts);
    }

    @Test
    void isDeterministicForASeedAndKeepsInputOrder() {
        List<Example> first = ClassSampler.perClass(examples(), 10, 42);
        assertEquals(first, ClassSampler.perClass(examples(), 10, 42));
        assertNotEquals(first, ClassSampler.perClass(examples(), 10, 43));
        Function<Example, Integer> position = e -> Integer.parseInt(e.sentence().substring(1));
        assertEquals(first.stream().map(position).sorted().toList(), first.stream().map(position).toList());
    }

    @Test
    void samplesOneSplitOfATask() {
        TaskData task = new TaskData("t", List.of("rare", "common"), examples(), examples(), examples());
        TaskData sampled = task.sampled(Split.TRAIN, 5, 0);
        assertEquals(10, sampled.train().size());
        assertEquals(100, sampled.test().size());
    }
}
