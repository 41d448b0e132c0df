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

    /** The loss terms of a step, before weighting: what a loss curve draws. */
    public static final List<String> LOSS_TERMS = List.of("task_ce", "replay_ce", "constraint");

    /** The measurements of one step. */
    public record Row(String task, int step, int epoch, double lr, double taskCe, double replayCe, double constraint,
            double weight, double total, double gradNorm, double tokensPerSecond, double violationRate) {
    }

    private final Table table = Table.create("steps",
            StringColumn.create("task"), IntColumn.create("step"), IntColumn.create("epoch"),
            DoubleColumn.create("lr"), DoubleColumn.create("task_ce"), DoubleColumn.create("replay_ce"),
            DoubleColumn.create("constraint"), DoubleColumn.create("weight"), DoubleColumn.create("total"),
            DoubleColumn.create("grad_norm"), DoubleColumn.create("tokens_per_s"),
            DoubleColumn.create("violation_rate"));

    public void add(Row r) {
        table.stringColumn("task").append(r.task());
        table.intColumn("step").append(r.step());
        table.intColumn("epoch").append(r.epoch());
        append("lr", r.lr());
        append("task_ce", r.taskCe());
        append("replay_ce", r.replayCe());
        append("constraint", r.constraint());
        append("weight", r.weight());
        append("total", r.total());
        append("grad_norm", r.gradNorm());
        append("tokens_per_s", r.tokensPerSecond());
        append("violation_rate", r.violationRate());
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
