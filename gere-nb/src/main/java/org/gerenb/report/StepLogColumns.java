package org.gerenb.report;

import java.util.List;
import java.util.Set;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Which columns of a training step log (one row per optimiser step) hold what. */
public final class StepLogColumns {
    public static final String STEP = "step";
    public static final String VIOLATION_PREFIX = "violation";
    /** Numeric columns that describe the schedule rather than a loss. */
    public static final Set<String> NOT_LOSSES = Set.of(STEP, "lr", "learning_rate", "weight", "epoch", "stage");

    private StepLogColumns() {
    }

    /** Numeric columns other than the step, schedule columns ({@link #NOT_LOSSES}) and violation rates. */
    public static List<String> losses(Table stepLog) {
        return numericColumns(stepLog).stream()
                .filter(name -> !NOT_LOSSES.contains(name) && !name.startsWith(VIOLATION_PREFIX))
                .toList();
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
