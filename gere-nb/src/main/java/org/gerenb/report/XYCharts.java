package org.gerenb.report;

import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.Table;

/** Line-chart plumbing shared by the {@link Plots} line charts. */
final class XYCharts {
    private XYCharts() {
    }

    static XYChart create(String title, String xAxisTitle, String yAxisTitle) {
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    /** Adds the points whose y is measured; a series with none is left out rather than drawn empty. */
    static void addSeries(XYChart chart, String name, double[] xs, double[] ys) {
        int[] measured = IntStream.range(0, ys.length).filter(i -> !Double.isNaN(ys[i])).toArray();
        if (measured.length > 0) {
            chart.addSeries(name, IntStream.of(measured).mapToDouble(i -> xs[i]).toArray(),
                    IntStream.of(measured).mapToDouble(i -> ys[i]).toArray());
        }
    }

    static double[] indices(int count) {
        return IntStream.range(0, count).asDoubleStream().toArray();
    }

    static double[] numbers(Table table, String column) {
        return table.numberColumn(column).asDoubleArray();
    }
}
