package org.gerenb.data;

import java.util.List;

/**
 * The prompt of one task: "instruction\nOption: label1, label2, ...\n{sentence}\nAnswer:". The model
 * is trained to continue it with the label, so the labels also serve as the ranking candidates.
 */
public record PromptTemplate(String instruction, List<String> labels, String optionLineEnd) {
    public static final String ANSWER_CUE = "\nAnswer:";

    public PromptTemplate {
        labels = List.copyOf(labels);
    }

    public String render(String sentence) {
        return instruction + "\nOption: " + String.join(", ", labels) + optionLineEnd + sentence + ANSWER_CUE;
    }

    public List<String> renderAll(List<Example> examples) {
        return examples.stream().map(example -> render(example.sentence())).toList();
    }
}
