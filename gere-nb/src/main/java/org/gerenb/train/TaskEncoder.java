package org.gerenb.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gerenb.data.Example;
import org.gerenb.data.InstructionTemplates;
import org.gerenb.data.PromptTemplate;
import org.gerenb.data.TaskData;
import org.gerenb.model.TextTokenizer;

/**
 * Task examples as training sequences, as the benchmark builds them: source = BOS + prompt (at most 512
 * tokens in the benchmark's loader, fewer at the CPU scales), target = label tokens + EOS (at most 50);
 * the loss is taken on the target only.
 */
public final class TaskEncoder {

    /** The benchmark loader's cut of a source. */
    public static final int PAPER_SOURCE_TOKENS = 512;
    public static final int MAX_TARGET_TOKENS = 50;

    private final TextTokenizer tokenizer;
    private final InstructionTemplates templates;
    private final int maxSourceTokens;

    public TaskEncoder(TextTokenizer tokenizer, InstructionTemplates templates) {
        this(tokenizer, templates, PAPER_SOURCE_TOKENS);
    }

    public TaskEncoder(TextTokenizer tokenizer, InstructionTemplates templates, int maxSourceTokens) {
        this.tokenizer = tokenizer;
        this.templates = templates;
        this.maxSourceTokens = maxSourceTokens;
    }

    public List<TrainingItem> encode(TaskData task, List<Example> examples) {
        PromptTemplate template = templates.forTask(task);
        List<TrainingItem> items = new ArrayList<>();
        for (Example example : examples) {
            items.add(TrainingItem.task(source(template.render(example.sentence())), target(example.label())));
        }
        return items;
    }

    private long[] source(String prompt) {
        long[] ids = tokenizer.encode(prompt);
        return ids.length > maxSourceTokens ? Arrays.copyOf(ids, maxSourceTokens) : ids;
    }

    private long[] target(String label) {
        long[] labelIds = tokenizer.encodePlain(label);
        long[] ids = Arrays.copyOf(labelIds, Math.min(labelIds.length, MAX_TARGET_TOKENS - 1) + 1);
        ids[ids.length - 1] = tokenizer.eosId();
        return ids;
    }
}
