package org.gerenb.train;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One row per optimizer step: what notebooks plot as loss curves and violation rates. Values that do
 * not apply to a step (no replay in it, no constraint) are NaN, shown as missing.
 */
public final class StepLog {

    public static final String TASK = "task";
    public static final String STEP = "step";
    public static final String EPOCH = "epoch";
    public static final String LR = "lr";
    public static final String TASK_CE = "task_ce";
    public static final String REPLAY_CE = "replay_ce";
    public static final String CONSTRAINT = "constraint";
    public static final String WEIGHT = "weight";
    public static final String TOTAL = "total";
    public static final String GRAD_NORM = "grad_norm";
    public static final String TOKENS_PER_S = "tokens_per_s";
    public static final String VIOLATION_RATE = "violation_rate";

    /** The loss terms of a step, before weighting: what a loss curve draws. */
    public static final List<String> LOSS_TERMS = List.of(TASK_CE, REPLAY_CE, CONSTRAINT);

    /** The measurements of one step. */
    public record Row(String task, int step, int epoch, double lr, double taskCe, double replayCe, double constraint,
            double weight, double total, double gradNorm, double tokensPerSecond, double violationRate) {
    }

    private final Table table = Table.create("steps",
            StringColumn.create(TASK), IntColumn.create(STEP), IntColumn.create(EPOCH),
            DoubleColumn.create(LR), DoubleColumn.create(TASK_CE), DoubleColumn.create(REPLAY_CE),
            DoubleColumn.create(CONSTRAINT), DoubleColumn.create(WEIGHT), DoubleColumn.create(TOTAL),
            DoubleColumn.create(GRAD_NORM), DoubleColumn.create(TOKENS_PER_S), DoubleColumn.create(VIOLATION_RATE));

    public void add(Row r) {
        table.stringColumn(TASK).append(r.task());
        table.intColumn(STEP).append(r.step());
        table.intColumn(EPOCH).append(r.epoch());
        append(LR, r.lr());
        append(TASK_CE, r.taskCe());
        append(REPLAY_CE, r.replayCe());
        append(CONSTRAINT, r.constraint());
        append(WEIGHT, r.weight());
        append(TOTAL, r.total());
        append(GRAD_NORM, r.gradNorm());
        append(TOKENS_PER_S, r.tokensPerSecond());
        append(VIOLATION_RATE, r.violationRate());
    }

    private void append(String column, double value) {
        DoubleColumn c = table.doubleColumn(column);
        if (Double.isNaN(value)) {
            c.appendMissing();
        } else {
            c.append(value);
        }
    }

    public Table table() {
        return table;
    }
}
