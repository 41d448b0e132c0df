package org.gerenb.report;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The GeRe paper's published results (Llama-3.1-8B, 15 tasks) and the reference README's one-task
 * run, in the columns of {@link Tables#summary}: general (MMLU), ap, f1_avg. Numbers the paper does
 * not give are missing values.
 */
public final class PaperNumbers {
    private PaperNumbers() {
    }

    public static Table table() {
        Table table = Table.create("paper", StringColumn.create("setting"), StringColumn.create("method"),
                DoubleColumn.create("general"), DoubleColumn.create("ap"), DoubleColumn.create("f1_avg"));
        add(table, "full fine-tuning", "Baseline (no replay)", 38.32, Double.NaN, Double.NaN);
        add(table, "full fine-tuning", "BaselineR", 50.53, Double.NaN, Double.NaN);
        add(table, "full fine-tuning", "BaselineR + TM, w = 100", 60.72, 74.08, 66.74);
        add(table, "LoRA", "BaselineR + TM, w = dy", 66.25, 64.44, 65.34);
        add(table, "yelp only, 3 epochs (reference README)", "plain fine-tuning", 61.79, Double.NaN, Double.NaN);
        add(table, "yelp only, 3 epochs (reference README)", "GeRe, w = dy", 64.54, Double.NaN, Double.NaN);
        return table;
    }

    private static void add(Table table, String setting, String method, double general, double ap, double f1Avg) {
        table.stringColumn("setting").append(setting);
        table.stringColumn("method").append(method);
        table.doubleColumn("general").append(general);
        table.doubleColumn("ap").append(ap);
        table.doubleColumn("f1_avg").append(f1Avg);
    }
}
