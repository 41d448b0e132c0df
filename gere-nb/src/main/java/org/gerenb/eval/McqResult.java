package org.gerenb.eval;

import java.util.List;
import java.util.function.Predicate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Multiple-choice accuracy in percent. Category and overall accuracies pool the questions (micro
 * average), as the MMLU paper's evaluation code does, so large subjects weigh more.
 */
public record McqResult(List<McqOutcome> outcomes, List<String> categoryOrder) {
    public McqResult {
        outcomes = List.copyOf(outcomes);
        categoryOrder = List.copyOf(categoryOrder);
    }

    public double overall() {
        return accuracy(outcome -> true);
    }

    public double subject(String subject) {
        return accuracy(outcome -> outcome.subject().equals(subject));
    }

    /** Micro-averaged accuracy over the questions of the subjects that pass; NaN when none do. */
    public double subjects(Predicate<String> subject) {
        return accuracy(outcome -> subject.test(outcome.subject()));
    }

    public double category(String category) {
        return accuracy(outcome -> outcome.category().equals(category));
    }

    /** Columns scope (subject, category, overall), name, category, questions, correct, accuracy. */
    public Table table() {
        Table table = Table.create("mcq accuracy", StringColumn.create("scope"), StringColumn.create("name"),
                StringColumn.create("category"), IntColumn.create("questions"), IntColumn.create("correct"),
                DoubleColumn.create("accuracy"));
        subjects().forEach(subject -> addRow(table, "subject", subject, categoryOfSubject(subject),
                outcome -> outcome.subject().equals(subject)));
        categoriesPresent().forEach(category -> addRow(table, "category", category, category,
                outcome -> outcome.category().equals(category)));
        addRow(table, "overall", "overall", "", outcome -> true);
        return table;
    }

    private List<String> subjects() {
        return outcomes.stream().map(McqOutcome::subject).distinct().sorted().toList();
    }

    private List<String> categoriesPresent() {
        return categoryOrder.stream().filter(c -> outcomes.stream().anyMatch(o -> o.category().equals(c))).toList();
    }

    private String categoryOfSubject(String subject) {
        return outcomes.stream().filter(o -> o.subject().equals(subject)).findFirst().orElseThrow().category();
    }

    private void addRow(Table table, String scope, String name, String category, Predicate<McqOutcome> filter) {
        List<McqOutcome> selected = select(filter);
        int correct = countCorrect(selected);
        table.stringColumn("scope").append(scope);
        table.stringColumn("name").append(name);
        table.stringColumn("category").append(category);
        table.intColumn("questions").append(selected.size());
        table.intColumn("correct").append(correct);
        table.doubleColumn("accuracy").append(percent(correct, selected.size()));
    }

    private double accuracy(Predicate<McqOutcome> filter) {
        List<McqOutcome> selected = select(filter);
        return percent(countCorrect(selected), selected.size());
    }

    private List<McqOutcome> select(Predicate<McqOutcome> filter) {
        return outcomes.stream().filter(filter).toList();
    }

    private static int countCorrect(List<McqOutcome> outcomes) {
        return (int) outcomes.stream().filter(McqOutcome::correct).count();
    }

    // NaN when nothing was asked: there is no accuracy to report, and 0 would read as a result.
    static double percent(int correct, int total) {
        return total == 0 ? Double.NaN : 100.0 * correct / total;
    }
}
