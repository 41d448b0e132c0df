package org.gerenb.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Show outside any kernel, as in tests, JShell and the command line. */
class ShowTest {

    private static Table losses(int rows) {
        Table table = Table.create("losses", IntColumn.create("step"), StringColumn.create("task"),
                DoubleColumn.create("loss"));
        for (int i = 0; i < rows; i++) {
            table.intColumn("step").append(i);
            table.stringColumn("task").append("amazon");
            table.doubleColumn("loss").append(2.0 / (i + 1));
        }
        return table;
    }

    @Test
    void noKernelIsFoundOutsideJupyter() {
        assertEquals("none", Show.kernel());
    }

    @Test
    void aTablePrintsAsItsTextTable() {
        Object shown = Show.table(losses(3));
        Show.Rendered rendered = assertInstanceOf(Show.Rendered.class, shown);
        String text = shown.toString();
        assertTrue(text.contains("losses"), text);
        assertTrue(text.contains("step") && text.contains("task") && text.contains("loss"), text);
        assertTrue(text.contains("0.667") && !text.contains("0.6666"), "doubles are rounded for reading: " + text);
        String html = (String) rendered.data().get("text/html");
        assertTrue(html.contains("<table>") && html.contains("<th>loss</th>"), html);
        assertTrue(html.contains("3 rows x 3 columns"), html);
    }

    @Test
    void aLongTableIsCutToTheRowLimit() {
        Show.Rendered rendered = (Show.Rendered) Show.table(losses(50), 5);
        String html = (String) rendered.data().get("text/html");
        assertEquals(5, html.split("<tr>", -1).length - 2, "one header row and five body rows");
        assertTrue(html.contains("50 rows x 3 columns, first 5 shown"), html);
        assertTrue(rendered.toString().contains("amazon"));
    }

    @Test
    void theOriginalTableKeepsItsNumbers() {
        Table table = losses(3);
        Show.table(table);
        assertEquals(2.0 / 3, table.doubleColumn("loss").getDouble(2));
    }

    @Test
    void aChartBecomesAnImageOfTheChartsSize() {
        XYChart chart = new XYChartBuilder().width(320).height(240).title("loss").build();
        chart.addSeries("loss", new double[] {1, 2, 3}, new double[] {2.5, 1.7, 1.2});
        BufferedImage image = Show.chart(chart);
        assertEquals(320, image.getWidth());
        assertEquals(240, image.getHeight());
    }

    @Test
    void htmlPrintsWithoutTags() {
        Show.Rendered rendered = (Show.Rendered) Show.html("<p>GeRe <b>keeps</b> general ability</p>");
        assertEquals("GeRe keeps general ability", rendered.toString());
        assertEquals("<p>GeRe <b>keeps</b> general ability</p>", rendered.data().get("text/html"));
    }

    @Test
    void nowPrintsTheTextFormOfTablesImagesAndValues() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Show.now(losses(2));
            Show.now(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
            Show.now(42);
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("losses") && printed.contains("amazon"), printed);
        assertTrue(printed.contains("[image 4 x 3]"), printed);
        assertTrue(printed.contains("42"), printed);
    }

    @Test
    void numbersAreRoundedForReading() {
        assertEquals("66.67", Show.format(200.0 / 3));
        assertEquals("100", Show.format(100.0));
        assertEquals("0", Show.format(0.0));
        assertEquals("0.000003", Show.format(3e-6));
        assertEquals("0.123", Show.format(0.123456));
        assertEquals("-1.5", Show.format(-1.5));
        assertEquals("", Show.format(Double.NaN));
    }
}
