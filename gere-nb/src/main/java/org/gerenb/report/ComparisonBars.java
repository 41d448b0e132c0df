package org.gerenb.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import tech.tablesaw.api.Table;

/** The grouped bars of {@link Plots#methodComparison}: one group per method, one bar per metric. */
final class ComparisonBars {
    private static final List<String> COLUMNS = List.of("general", "ap", "f1_avg");
    private static final List<String> LABELS = List.of("General", "AP", "F1 Avg");

    private ComparisonBars() {
    }

    static CategoryChart chart(String title, List<Table> sources, List<String> seriesSuffixes) {
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title)
                .xAxisTitle("method").yAxisTitle("score").build();
        chart.getStyler().setXAxisLabelRotation(Plots.LABEL_ROTATION);
        LinkedHashSet<String> methods = new LinkedHashSet<>();
        sources.forEach(source -> methods.addAll(source.stringColumn("method").asList()));
        List<String> categories = List.copyOf(methods);
        for (int s = 0; s < sources.size(); s++) {
            for (int m = 0; m < COLUMNS.size(); m++) {
                Table source = sources.get(s);
                String column = COLUMNS.get(m);
                List<Double> values = values(source, categories, column);
                // XChart cannot draw an error bar on a missing bar
                if (source.columnNames().contains(column + "_ci95") && !values.contains(null)) {
                    chart.addSeries(LABELS.get(m) + seriesSuffixes.get(s), categories, values,
                            values(source, categories, column + "_ci95").stream().map(e -> e == null ? 0.0 : e).toList());
                } else {
                    chart.addSeries(LABELS.get(m) + seriesSuffixes.get(s), categories, values);
                }
            }
        }
        return chart;
    }

    // XChart leaves a bar out where the value is null; NaN would be drawn as garbage.
    private static List<Double> values(Table source, List<String> methods, String column) {
        List<Double> values = new ArrayList<>();
        for (String method : methods) {
            Table rows = source.where(source.stringColumn("method").isEqualTo(method));
            double value = rows.rowCount() == 0 ? Double.NaN : rows.numberColumn(column).getDouble(0);
            values.add(Double.isNaN(value) ? null : value);
        }
        return values;
    }
}
