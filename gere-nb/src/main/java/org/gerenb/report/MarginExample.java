package org.gerenb.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import org.gerenb.loss.ThresholdMargin;
import org.gerenb.reference.RegionStore;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The TM loss on a hand-made tensor: one replay token with a few dimensions sharing the thresholds neg and
 * pos, the base model's values r (which fix each dimension's region) and the current values h. Every
 * penalty, and the total, comes from {@link ThresholdMargin#compute} itself: each dimension alone for its
 * own penalty, all of them together for TM.
 */
public final class MarginExample {

    private MarginExample() {
    }

    /** One row per dimension: r, its region, h, the penalty; the table's name holds TM. */
    public static Table of(float[] base, float[] current, float neg, float pos) {
        if (base.length != current.length || base.length == 0) {
            throw new IllegalArgumentException("base and current need the same, non-zero number of dimensions, got "
                    + base.length + " and " + current.length);
        }
        if (!(neg < pos)) {
            throw new IllegalArgumentException("thresholds need neg < pos, got neg " + neg + ", pos " + pos);
        }
        Table table = Table.create("", IntColumn.create("d"), DoubleColumn.create("base r"), StringColumn.create("region"),
                DoubleColumn.create("current h"), DoubleColumn.create("penalty"));
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int d = 0; d < base.length; d++) {
                table.intColumn("d").append(d);
                table.doubleColumn("base r").append(base[d]);
                table.stringColumn("region").append(regionName(regions(manager, new float[] {base[d]}, neg, pos).getByte()));
                table.doubleColumn("current h").append(current[d]);
                table.doubleColumn("penalty").append(margin(manager, new float[] {base[d]}, new float[] {current[d]},
                        neg, pos).loss().getFloat());
            }
            ThresholdMargin.Result all = margin(manager, base, current, neg, pos);
            return table.setName(String.format(Locale.ROOT, "TM = %.4f (sum of penalties / %d violating of %d elements)",
                    all.loss().getFloat(), (int) all.violations().getFloat(), (int) all.elements().getFloat()));
        }
    }

    private static ThresholdMargin.Result margin(NDManager manager, float[] base, float[] current, float neg, float pos) {
        int dims = base.length;
        return ThresholdMargin.compute(manager.create(current, new Shape(1, 1, dims)), regions(manager, base, neg, pos),
                thresholds(manager, dims, neg), thresholds(manager, dims, pos), manager.ones(new Shape(1, 1)));
    }

    /** The base values' regions [1, 1, D], classified as the reference pass does. */
    private static NDArray regions(NDManager manager, float[] base, float neg, float pos) {
        int dims = base.length;
        return RegionStore.classify(manager.create(base, new Shape(1, 1, dims)), thresholds(manager, dims, neg),
                thresholds(manager, dims, pos));
    }

    private static NDArray thresholds(NDManager manager, int dims, float value) {
        return manager.full(new Shape(dims), value);
    }

    private static String regionName(byte code) {
        return code == RegionStore.NEGATIVE ? "below neg" : code == RegionStore.POSITIVE ? "above pos" : "between";
    }
}
