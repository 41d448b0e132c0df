package org.gerenb.eval;

import java.util.List;

/** The model side of generation-based evaluation: the greedy completion of each prompt. */
@FunctionalInterface
public interface GreedyGenerator {
    List<String> generate(List<String> prompts);
}
