package org.gerenb.report;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The GeRe paper's published results (Llama-3.1-8B, 15 tasks) and the reference README's one-task
 * run, in the columns of {@link Tables#summary}: general (MMLU), ap, f1_avg. Numbers the paper does
 * not give are missing values.
 */
public final class PaperNumbers {

    /** One published row. */
    public record Row(String setting, String method, double general, double ap, double f1Avg) {
    }

    public static final Row BASELINE = new Row("full fine-tuning", "Baseline (no replay)", 38.32, Double.NaN, Double.NaN);
    public static final Row LABEL_FITTING = new Row("full fine-tuning", "BaselineR", 50.53, Double.NaN, Double.NaN);
    public static final Row TM_100 = new Row("full fine-tuning", "BaselineR + TM, w = 100", 60.72, 74.08, 66.74);
    public static final Row TM_DY_LORA = new Row("LoRA", "BaselineR + TM, w = dy", 66.25, 64.44, 65.34);
    public static final Row ONE_TASK_PLAIN = new Row("yelp only, 3 epochs (reference README)", "plain fine-tuning",
            61.79, Double.NaN, Double.NaN);
    public static final Row ONE_TASK_GERE = new Row("yelp only, 3 epochs (reference README)", "GeRe, w = dy", 64.54,
            Double.NaN, Double.NaN);
    private static final List<Row> ROWS = List.of(BASELINE, LABEL_FITTING, TM_100, TM_DY_LORA, ONE_TASK_PLAIN,
            ONE_TASK_GERE);

    private PaperNumbers() {
    }

    public static Table table() {
        Table table = Table.create("paper", StringColumn.create("setting"), StringColumn.create("method"),
                DoubleColumn.create("general"), DoubleColumn.create("ap"), DoubleColumn.create("f1_avg"));
        for (Row row : ROWS) {
            table.stringColumn("setting").append(row.setting());
            table.stringColumn("method").append(row.method());
            table.doubleColumn("general").append(row.general());
            table.doubleColumn("ap").append(row.ap());
            table.doubleColumn("f1_avg").append(row.f1Avg());
        }
        return table;
    }
}
