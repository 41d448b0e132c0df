package org.gerenb.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instructions of the O-LoRA continual-learning benchmark, one per task family, and which
 * family each task belongs to. Task names match case-insensitively ("MNLI" = "mnli").
 */
public final class InstructionTemplates {
    private static final String CHOOSE = " Choose one from the option.";

    public static final TaskFamily SENTIMENT = family("sentiment", "What is the sentiment of the following paragraph?");
    public static final TaskFamily TOPIC = family("topic", "What is the topic of the following paragraph?");
    public static final TaskFamily NLI = family("nli",
            "What is the logical relationship between the \"sentence 1\" and the \"sentence 2\"?");
    public static final TaskFamily PARAPHRASE = family("paraphrase",
            "Whether the \"first sentence\" and the \"second sentence\" have the same meaning?");
    public static final TaskFamily BOOLQA = family("boolqa",
            "According to the following passage, is the question true or false?");
    public static final TaskFamily MULTIRC = family("multirc",
            "According to the following passage and question, is the candidate answer true or false?");
    public static final TaskFamily WIC = family("wic",
            "Given a word and two sentences, whether the word is used with the same sense in both sentences?");
    public static final TaskFamily COPA = family("copa", "Which option is the correct answer to the following question?");
    public static final TaskFamily SOURCE = family("source", "Which text does the following passage come from?");
    public static final TaskFamily SPAM = family("spam", "Is the following message spam or ham?");
    public static final TaskFamily ERA = family("era", "Which era does the following passage come from?");

    /** The separator the spec and the paper's prompt example use after the option list. */
    public static final String SPEC_OPTION_LINE_END = "\n";
    /** O-LoRA's own loader writes a space before that newline ("Option: a, b \n"). */
    public static final String O_LORA_OPTION_LINE_END = " \n";

    private final Map<String, TaskFamily> familyByTask;
    private final String optionLineEnd;

    private InstructionTemplates(Map<String, TaskFamily> familyByTask, String optionLineEnd) {
        this.familyByTask = familyByTask;
        this.optionLineEnd = optionLineEnd;
    }

    /** The 15 O-LoRA tasks and the embedded tasks (spam, source, era), with the spec's layout. */
    public static InstructionTemplates standard() {
        Map<String, TaskFamily> families = new TreeMap<>();
        assign(families, SENTIMENT, "yelp", "amazon", "imdb", "sst-2");
        assign(families, TOPIC, "dbpedia", "yahoo", "agnews");
        assign(families, NLI, "mnli", "cb", "rte");
        assign(families, PARAPHRASE, "qqp");
        assign(families, BOOLQA, "boolqa");
        assign(families, MULTIRC, "multirc");
        assign(families, WIC, "wic");
        assign(families, COPA, "copa");
        assign(families, SPAM, "spam");
        assign(families, SOURCE, "source");
        assign(families, ERA, "era");
        return new InstructionTemplates(Map.copyOf(families), SPEC_OPTION_LINE_END);
    }

    /** These templates with {@code task} (any case) assigned to {@code family}. */
    public InstructionTemplates withTask(String task, TaskFamily family) {
        Map<String, TaskFamily> families = new TreeMap<>(familyByTask);
        assign(families, family, task);
        return new InstructionTemplates(Map.copyOf(families), optionLineEnd);
    }

    /** These templates with a different text between the option list and the sentence. */
    public InstructionTemplates withOptionLineEnd(String lineEnd) {
        return new InstructionTemplates(familyByTask, lineEnd);
    }

    public TaskFamily familyOf(String task) {
        TaskFamily family = familyByTask.get(key(task));
        if (family == null) {
            throw new IllegalArgumentException("no instruction family for task \"" + task
                    + "\"; known tasks: " + new TreeMap<>(familyByTask).keySet() + " (register it with withTask)");
        }
        return family;
    }

    public PromptTemplate forTask(String task, List<String> labels) {
        return new PromptTemplate(familyOf(task).instruction(), labels, optionLineEnd);
    }

    public PromptTemplate forTask(TaskData task) {
        return forTask(task.name(), task.labels());
    }

    public String prompt(String task, List<String> labels, String sentence) {
        return forTask(task, labels).render(sentence);
    }

    private static TaskFamily family(String name, String question) {
        return new TaskFamily(name, question + CHOOSE);
    }

    private static void assign(Map<String, TaskFamily> families, TaskFamily family, String... tasks) {
        for (String task : tasks) {
            families.put(key(task), family);
        }
    }

    private static String key(String task) {
        return task.toLowerCase(Locale.ROOT);
    }
}
