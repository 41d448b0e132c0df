package org.gerenb.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * The held-out loss of pretraining (heldout_log.csv: step, heldout_loss, heldout_perplexity) and whether
 * it has plateaued: less than 1% improvement over the last tenth of the steps.
 */
public final class PretrainingCurve {

    private PretrainingCurve() {
    }

    /** A sentence with the plateau figures, and the curve drawn beside the log as heldout_curve.png. */
    public static String describe(Path heldoutLog) {
        if (heldoutLog == null || !Files.isRegularFile(heldoutLog)) {
            return "(no held-out loss curve found" + (heldoutLog == null ? "" : " at " + heldoutLog) + ")";
        }
        Table log = Tables.readCsv(heldoutLog, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE);
        Plots.png(Plots.stepCurves(log, "held-out loss during pretraining", "loss (nats per token)",
                java.util.List.of("heldout_loss")), heldoutLog.resolveSibling("heldout_curve.png"));
        int last = log.intColumn("step").get(log.rowCount() - 1);
        int row = nearestRow(log, (int) Math.round(0.9 * last));
        double before = log.doubleColumn("heldout_loss").get(row);
        double after = log.doubleColumn("heldout_loss").get(log.rowCount() - 1);
        double improvement = (before - after) / before;
        return String.format(Locale.ROOT, "Held-out loss (heldout_log.csv, heldout_curve.png): %.4f at step %d, %.4f at "
                + "step %d: %.2f%% lower over the last tenth of the steps, %s.", before,
                log.intColumn("step").get(row), after, last, 100 * improvement,
                improvement < 0.01 ? "plateaued (under 1%)" : "NOT plateaued (1% or more)");
    }

    private static int nearestRow(Table log, int step) {
        int best = 0;
        for (int row = 0; row < log.rowCount(); row++) {
            if (Math.abs(log.intColumn("step").get(row) - step) < Math.abs(log.intColumn("step").get(best) - step)) {
                best = row;
            }
        }
        return best;
    }
}
