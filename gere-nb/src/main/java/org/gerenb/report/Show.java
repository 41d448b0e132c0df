package org.gerenb.report;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.gerenb.runtime.Progress;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Rich notebook output that works in every supported Java kernel (rapaio-jupyter-kernel, IJava, JJava),
 * none of which shares a display API with the others:
 *
 * <pre>
 *   Show.table(summary)          // last expression of a cell: an HTML table
 *   Show.chart(results.heatmap("GeRe"))   // an image, which all three kernels render as image/png
 *   Show.now(steps);             // an output in the middle of a cell, e.g. inside a loop
 * </pre>
 * Tables and HTML become the running kernel's own {@code DisplayData}, the one type each kernel passes
 * through unchanged. Outside a kernel (tests, JShell, the command line) they become a {@link Rendered}
 * whose {@code toString()} is the plain-text form, so the same code prints sensibly there.
 */
public final class Show {

    /** Rows shown when no limit is given: a notebook page, not a data dump. */
    public static final int DEFAULT_ROWS = 20;
    private static final int SIGNIFICANT_DIGITS_BELOW_ONE = 3;
    private static final int DECIMALS_FROM_ONE = 2;

    private Show() {
    }

    /** A display value outside any kernel: prints as its plain text; {@code data} holds the rich forms. */
    public record Rendered(String text, Map<String, Object> data) {
        public Rendered {
            data = Map.copyOf(data);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** "rapaio", "jjava", "ijava", or "none" outside a kernel. */
    public static String kernel() {
        return NotebookKernel.current().name();
    }

    /**
     * In a notebook, draws every progress bar in one output updated in place until the scope closes; in a
     * terminal nothing changes (its bar already redraws one line).
     */
    public static Progress.Scope progressInPlace() {
        NotebookKernel kernel = NotebookKernel.current();
        return kernel.present() ? Progress.drawIn(new NotebookProgress(kernel)) : () -> { };
    }

    /** The first {@value #DEFAULT_ROWS} rows as an HTML table. */
    public static Object table(Table table) {
        return table(table, DEFAULT_ROWS);
    }

    /** The first {@code maxRows} rows as an HTML table under a caption with the table's name and size. */
    public static Object table(Table table, int maxRows) {
        Table shown = readable(table.rowCount() > maxRows ? table.first(maxRows) : table);
        String html = "<div class=\"gere-table\"><div><b>" + escape(nameOf(table)) + "</b> <small>"
                + escape(sizeNote(table, shown)) + "</small></div>" + shown.write().toString("html") + "</div>";
        return rich(shown.print(maxRows), Map.of("text/html", html));
    }

    /** The chart drawn into an image: every kernel shows a returned image as image/png. */
    public static BufferedImage chart(Chart<?, ?> chart) {
        return Plots.image(chart);
    }

    /** HTML shown as such, with its text (tags removed) as the plain form. */
    public static Object html(String html) {
        return rich(html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim(), Map.of("text/html", html));
    }

    /** Markdown, rendered by the notebook front end; the source itself is the plain form. */
    public static Object markdown(String markdown) {
        return rich(markdown, Map.of("text/markdown", markdown));
    }

    /**
     * Publishes a value as an output of the running cell right away, so one cell can show several things.
     * Takes a table, a chart, an image, what {@link #table} or {@link #html} returned, or anything else (as
     * text). Outside a kernel it prints the plain-text form.
     */
    public static void now(Object value) {
        Object shown = displayable(value);
        NotebookKernel kernel = NotebookKernel.current();
        if (!kernel.isDisplayData(shown)) {
            System.out.println(shown);
            return;
        }
        try {
            kernel.display(shown);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the " + kernel.name() + " kernel refused to display " + value, e);
        }
    }

    private static Object displayable(Object value) {
        if (value instanceof Table table) {
            return table(table);
        }
        if (value instanceof Chart<?, ?> chart) {
            return png(chart(chart));
        }
        if (value instanceof RenderedImage image) {
            return png(image);
        }
        if (value instanceof Rendered || NotebookKernel.current().isDisplayData(value)) {
            return value;
        }
        return rich(String.valueOf(value), Map.of());
    }

    private static Object png(RenderedImage image) {
        return rich("[image " + image.getWidth() + " x " + image.getHeight() + "]",
                Map.of("image/png", Base64.getEncoder().encodeToString(pngBytes(image))));
    }

    private static byte[] pngBytes(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an image as PNG", e);
        }
        return out.toByteArray();
    }

    /** The kernel's DisplayData when a kernel runs this JVM, else a {@link Rendered}. */
    private static Object rich(String plainText, Map<String, Object> mimeData) {
        NotebookKernel kernel = NotebookKernel.current();
        if (!kernel.present()) {
            return new Rendered(plainText, mimeData);
        }
        try {
            return kernel.displayData(plainText, mimeData);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build display data for the " + kernel.name() + " kernel", e);
        }
    }

    /** A copy whose numbers read well: accuracies and losses to two decimals, learning rates to three digits. */
    private static Table readable(Table table) {
        Table copy = Table.create(table.name());
        for (Column<?> column : table.columns()) {
            copy.addColumns(column instanceof DoubleColumn numbers ? formatted(numbers) : column.copy());
        }
        return copy;
    }

    private static StringColumn formatted(DoubleColumn numbers) {
        StringColumn text = StringColumn.create(numbers.name());
        for (int row = 0; row < numbers.size(); row++) {
            text.append(format(numbers.getDouble(row)));
        }
        return text;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal rounded = Math.abs(value) >= 1 || value == 0
                ? exact.setScale(DECIMALS_FROM_ONE, RoundingMode.HALF_UP)
                : exact.round(new MathContext(SIGNIFICANT_DIGITS_BELOW_ONE, RoundingMode.HALF_UP));
        return rounded.stripTrailingZeros().toPlainString();
    }

    private static String nameOf(Table table) {
        return table.name() == null ? "" : table.name();
    }

    private static String sizeNote(Table table, Table shown) {
        String size = "(" + table.rowCount() + " rows x " + table.columnCount() + " columns";
        return shown.rowCount() < table.rowCount() ? size + ", first " + shown.rowCount() + " shown)" : size + ")";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
