package org.gerenb.report;

import java.util.List;
import org.gerenb.train.StepLog;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Which columns of a training step log (one row per optimiser step) hold what. */
public final class StepLogColumns {
    public static final String STEP = StepLog.STEP;
    public static final String VIOLATION_PREFIX = "violation";

    private StepLogColumns() {
    }

    /**
     * The loss terms ({@link StepLog#LOSS_TERMS}) the log has, in that order; never the schedule, the
     * weight, the gradient norm or the throughput, which share the log but not a loss axis.
     */
    public static List<String> losses(Table stepLog) {
        List<String> numeric = numericColumns(stepLog);
        return StepLog.LOSS_TERMS.stream().filter(numeric::contains).toList();
    }

    public static List<String> violations(Table stepLog) {
        return numericColumns(stepLog).stream().filter(name -> name.startsWith(VIOLATION_PREFIX)).toList();
    }

    private static List<String> numericColumns(Table stepLog) {
        if (!stepLog.containsColumn(STEP)) {
            throw new IllegalArgumentException("a step log needs a \"" + STEP + "\" column; found "
                    + stepLog.columnNames());
        }
        return stepLog.columns().stream().filter(column -> column instanceof NumericColumn<?>)
                .map(Column::name).toList();
    }
}
